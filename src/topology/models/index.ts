// SPDX-License-Identifier: MIT
// The registry of behaviour models by name.
import type { ModelName } from '../types.js';
import { analogInputModel, analogOutputModel } from './analog.js';
import { cia402Model } from './cia402.js';
import { couplerModel } from './coupler.js';
import { digitalInputModel, digitalOutputModel } from './digital.js';
import { genericModel } from './generic.js';
import type { ModelInfo } from './model.js';

/** Each model by its name in topology files. */
export const MODELS: Readonly<Record<ModelName, ModelInfo>> = {
  generic: genericModel,
  coupler: couplerModel,
  'digital-input': digitalInputModel,
  'digital-output': digitalOutputModel,
  'analog-input': analogInputModel,
  'analog-output': analogOutputModel,
  cia402: cia402Model,
};
