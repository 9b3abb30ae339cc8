// Job objects: a member table in the job's shared file (pid and start time, so a recycled pid is never taken
// for a member), and the signal bit TerminateJobObject sets. Members are ended by a signal whose value is the
// exit code; each member installs the handler that exits with it when it joins.
#ifndef WINIPC_CORE_JOB_H_
#define WINIPC_CORE_JOB_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Job : public SharedWaitable {
 public:
  explicit Job(std::unique_ptr<ObjectFile> file)
      : SharedWaitable(ObjectType::kJob, &file->header()->sync), file_(std::move(file)) {}

  // Adds the calling process. ERROR_NOT_ENOUGH_QUOTA when the table is full.
  Status AssignCurrentProcess();
  // Signals the job and ends every member with `exit_code`, the calling process last if it is one.
  void Terminate(uint32_t exit_code);

  Take TryTake(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override { Unlock(slot); }  // nothing to consume: a job stays signalled

  const ObjectFile* file() const override { return file_.get(); }

 private:
  struct Member {
    int32_t pid;
    uint32_t unused;
    uint64_t start_time;
  };
  static constexpr uint32_t kMaxMembers = 4096 / sizeof(Member);
  Member* members() const { return reinterpret_cast<Member*>(file_->body()); }
  std::unique_ptr<ObjectFile> file_;
};

Result<std::shared_ptr<Job>> CreateJobObject(const std::optional<ObjectName>& name, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_JOB_H_
