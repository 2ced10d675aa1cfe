// SPDX-License-Identifier: MIT
// The mailbox worker and its jobs; see mailbox_worker.h. Not on the real-time path: it
// allocates, locks and blocks as it needs to.
#include "runtime/mailbox_worker.h"

#include <algorithm>
#include <cerrno>

#include "igh/request.h"
#include "runtime/rt_setup.h"

namespace ecat {
namespace {

class SdoUploadJob final : public MailboxJob {
public:
    void Run(Device &dev, const eca_abi *abi) override
    {
        data.assign(size ? size : 1, 0);
        Request r(abi, ECA_REQ_SLAVE_SDO_UPLOAD);
        req = ECA_REQ_SLAVE_SDO_UPLOAD;
        r.Set(ECA_SLAVE_SDO_UPLOAD_F_SLAVE_POSITION, position)
            .Set(ECA_SLAVE_SDO_UPLOAD_F_SDO_INDEX, index)
            .Set(ECA_SLAVE_SDO_UPLOAD_F_SDO_ENTRY_SUBINDEX, subindex)
            .Set(ECA_SLAVE_SDO_UPLOAD_F_TARGET_SIZE, size)
            .SetPtr(ECA_SLAVE_SDO_UPLOAD_F_TARGET, data.data());
        result = r.Call(dev);
        // The module copies the struct back on failure too, so abort_code is meaningful.
        abort_code = static_cast<uint32_t>(r.Get(ECA_SLAVE_SDO_UPLOAD_F_ABORT_CODE));
        size_t n = result < 0 ? 0 : static_cast<size_t>(r.Get(ECA_SLAVE_SDO_UPLOAD_F_DATA_SIZE));
        data.resize(n < size ? n : size);
    }
};

class SdoDownloadJob final : public MailboxJob {
public:
    void Run(Device &dev, const eca_abi *abi) override
    {
        Request r(abi, ECA_REQ_SLAVE_SDO_DOWNLOAD);
        req = ECA_REQ_SLAVE_SDO_DOWNLOAD;
        r.Set(ECA_SLAVE_SDO_DOWNLOAD_F_SLAVE_POSITION, position)
            .Set(ECA_SLAVE_SDO_DOWNLOAD_F_SDO_INDEX, index)
            .Set(ECA_SLAVE_SDO_DOWNLOAD_F_SDO_ENTRY_SUBINDEX, subindex)
            .Set(ECA_SLAVE_SDO_DOWNLOAD_F_COMPLETE_ACCESS, complete_access ? 1 : 0)
            .Set(ECA_SLAVE_SDO_DOWNLOAD_F_DATA_SIZE, data.size())
            .SetPtr(ECA_SLAVE_SDO_DOWNLOAD_F_DATA, data.data());
        result = r.Call(dev);
        abort_code = static_cast<uint32_t>(r.Get(ECA_SLAVE_SDO_DOWNLOAD_F_ABORT_CODE));
        data.clear();
    }
};

class RegJob final : public MailboxJob {
public:
    void Run(Device &dev, const eca_abi *abi) override
    {
        const bool read = kind == kRegRead;
        if (read)
            data.assign(size ? size : 1, 0);
        req = read ? ECA_REQ_SLAVE_REG_READ : ECA_REQ_SLAVE_REG_WRITE;
        Request r(abi, req);
        r.Set(ECA_SLAVE_REG_F_SLAVE_POSITION, position)
            .Set(ECA_SLAVE_REG_F_EMERGENCY, 0)
            .Set(ECA_SLAVE_REG_F_ADDRESS, index)
            .Set(ECA_SLAVE_REG_F_SIZE, read ? size : data.size())
            .SetPtr(ECA_SLAVE_REG_F_DATA, data.data());
        result = r.Call(dev);
        if (read)
            data.resize(result < 0 ? 0 : size);
        else
            data.clear();
    }
};

class SiiReadJob final : public MailboxJob {
public:
    void Run(Device &dev, const eca_abi *abi) override
    {
        data.assign(size ? size : 2, 0);
        Request r(abi, ECA_REQ_SLAVE_SII_READ);
        req = ECA_REQ_SLAVE_SII_READ;
        r.Set(ECA_SLAVE_SII_F_SLAVE_POSITION, position)
            .Set(ECA_SLAVE_SII_F_OFFSET, index)
            .Set(ECA_SLAVE_SII_F_NWORDS, size / 2)
            .SetPtr(ECA_SLAVE_SII_F_WORDS, data.data());
        result = r.Call(dev);
        data.resize(result < 0 ? 0 : size);
    }
};

} // namespace

std::unique_ptr<MailboxJob> MakeSdoUploadJob(unsigned position, unsigned index, unsigned subindex, size_t max_size)
{
    auto j = std::make_unique<SdoUploadJob>();
    j->kind = MailboxJob::kSdoUpload;
    j->req = ECA_REQ_SLAVE_SDO_UPLOAD;
    j->position = position;
    j->index = index;
    j->subindex = subindex;
    j->size = max_size;
    return j;
}

std::unique_ptr<MailboxJob> MakeSdoDownloadJob(unsigned position, unsigned index, unsigned subindex,
                                               std::vector<uint8_t> data, bool complete_access)
{
    auto j = std::make_unique<SdoDownloadJob>();
    j->kind = MailboxJob::kSdoDownload;
    j->req = ECA_REQ_SLAVE_SDO_DOWNLOAD;
    j->position = position;
    j->index = index;
    j->subindex = subindex;
    j->data = std::move(data);
    j->complete_access = complete_access;
    return j;
}

std::unique_ptr<MailboxJob> MakeRegReadJob(unsigned position, unsigned address, size_t size)
{
    auto j = std::make_unique<RegJob>();
    j->kind = MailboxJob::kRegRead;
    j->req = ECA_REQ_SLAVE_REG_READ;
    j->position = position;
    j->index = address;
    j->size = size;
    return j;
}

std::unique_ptr<MailboxJob> MakeRegWriteJob(unsigned position, unsigned address, std::vector<uint8_t> data)
{
    auto j = std::make_unique<RegJob>();
    j->kind = MailboxJob::kRegWrite;
    j->req = ECA_REQ_SLAVE_REG_WRITE;
    j->position = position;
    j->index = address;
    j->data = std::move(data);
    return j;
}

std::unique_ptr<MailboxJob> MakeSiiReadJob(unsigned position, unsigned offset, unsigned nwords)
{
    auto j = std::make_unique<SiiReadJob>();
    j->kind = MailboxJob::kSiiRead;
    j->req = ECA_REQ_SLAVE_SII_READ;
    j->position = position;
    j->index = offset;
    j->size = static_cast<size_t>(nwords) * 2;
    return j;
}

MailboxWorker::MailboxWorker(Device *dev, const eca_abi *abi, size_t capacity, Deliver deliver, void *ctx,
                             unsigned threads)
    : dev_(dev), abi_(abi), capacity_(capacity), deliver_(deliver), ctx_(ctx), nthreads_(threads ? threads : 1)
{
}

MailboxWorker::~MailboxWorker() { Stop(); }

bool MailboxWorker::Start(std::string *error)
{
    if (!threads_.empty())
        return true;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = false;
    }
    try {
        for (unsigned i = 0; i < nthreads_; i++)
            threads_.emplace_back([this] { Main(); });
    } catch (const std::system_error &e) {
        Stop();
        *error = std::string("could not start the mailbox threads: ") + e.what();
        return false;
    }
    return true;
}

MailboxWorker::Submitted MailboxWorker::Submit(std::unique_ptr<MailboxJob> &job)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ || threads_.empty())
            return kStopped;
        if (queue_.size() >= capacity_)
            return kFull;
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return kQueued;
}

std::vector<std::unique_ptr<MailboxJob>> MailboxWorker::Stop()
{
    std::vector<std::unique_ptr<MailboxJob>> cancelled;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        while (!queue_.empty()) {
            cancelled.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
    }
    cv_.notify_all();
    for (std::thread &t : threads_)
        if (t.joinable())
            t.join();
    threads_.clear();
    return cancelled;
}

std::deque<std::unique_ptr<MailboxJob>>::iterator MailboxWorker::NextRunnable()
{
    return std::find_if(queue_.begin(), queue_.end(), [this](const std::unique_ptr<MailboxJob> &job) {
        return std::find(busy_.begin(), busy_.end(), job->position) == busy_.end();
    });
}

void MailboxWorker::Main()
{
    NameCurrentThread("ecat-mbx");
    for (;;) {
        std::unique_ptr<MailboxJob> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            auto next = queue_.end();
            cv_.wait(lock, [&] { return stopping_ || (next = NextRunnable()) != queue_.end(); });
            if (stopping_)
                return; // Stop() took the queue
            job = std::move(*next);
            queue_.erase(next);
            busy_.push_back(job->position);
        }
        // Blocking request: may take as long as the slave and the module's timeouts allow.
        job->Run(*dev_, abi_);
        const unsigned position = job->position;
        deliver_(ctx_, job.release());
        {
            std::lock_guard<std::mutex> lock(mutex_);
            busy_.erase(std::find(busy_.begin(), busy_.end(), position)); // pushed when the job was taken
        }
        // A job of this slave may be runnable now; every idle thread checks.
        cv_.notify_all();
    }
}

} // namespace ecat
