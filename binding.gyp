{
  "variables": {
    "ecat_sanitize%": "0"
  },
  "targets": [
    {
      "target_name": "ecat",
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "sources": [
        "native/addon/addon.cc",
        "native/addon/errors.cc",
        "native/addon/master_wrap.cc",
        "native/device/kernel_device.cc",
        "native/device/sim_device.cc",
        "native/igh/detect.cc",
        "native/igh/abi.c",
        "native/igh/abi_tables.c",
        "native/portable/port_user.c",
        "native/igh/abi_layouts.c",
        "native/addon/abi_export.cc",
        "native/addon/kernel_control.cc",
        "native/addon/runtime_wrap.cc",
        "native/runtime/app_master.cc",
        "native/runtime/cyclic_thread.cc",
        "native/runtime/mailbox_worker.cc",
        "native/runtime/notifier.cc",
        "native/runtime/plan.cc",
        "native/runtime/rt_setup.cc",
        "native/vbus/vb_al.c",
        "native/vbus/vb_coe_client.c",
        "native/vbus/vb_coe_server.c",
        "native/vbus/vb_dgram.c",
        "native/vbus/vb_esc.c",
        "native/vbus/vb_esc_sii.c",
        "native/vbus/vb_esm.c",
        "native/vbus/vb_image.c",
        "native/vbus/vb_ioctl.c",
        "native/vbus/vb_ioctl_app.c",
        "native/vbus/vb_ioctl_master.c",
        "native/vbus/vb_ioctl_slave.c",
        "native/vbus/vb_ioctl_xfer.c",
        "native/vbus/vb_mbox.c",
        "native/vbus/vb_od.c",
        "native/vbus/vb_scan.c",
        "native/vbus/vb_sii.c",
        "native/vbus/vb_sii_io.c",
        "native/vbus/vb_state.c",
        "native/vbus/vb_stats.c",
        "native/vbus/vb_util.c",
        "native/vbus/vb_cfsm.c",
        "native/vbus/vb_cia402.c",
        "native/vbus/vb_config.c",
        "native/vbus/vb_domain.c",
        "native/vbus/vb_fault.c",
        "native/vbus/vb_ioctl_cycle.c",
        "native/vbus/vb_model.c",
        "native/vbus/vb_opm.c",
        "native/vbus/vb_params.c",
        "native/vbus/vb_pd.c",
        "native/vbus/vb_requests.c",
        "native/vbus/vbus.c"
      ],
      "include_dirs": [
        "native"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"
      ],
      "cflags": [
        "-Wall",
        "-Wextra",
        "-fvisibility=hidden",
        "-pthread"
      ],
      "ldflags": [
        "-pthread"
      ],
      "cflags_c": [
        "-std=c11"
      ],
      "cflags_cc": [
        "-std=c++17"
      ],
      "conditions": [
        [
          "ecat_sanitize==1",
          {
            "cflags": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"],
            "ldflags": ["-fsanitize=address,undefined"]
          }
        ]
      ]
    }
  ]
}
