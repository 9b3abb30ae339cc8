#include "core/thread_pool.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace winipc {
namespace {

class Pool {
 public:
  bool Submit(std::function<void()> task) {
    std::unique_lock<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
    if (idle_ >= tasks_.size()) {
      ready_.notify_one();
      return true;
    }
    try {
      std::thread(&Pool::Work, this).detach();
      ++threads_;
    } catch (const std::system_error&) {
      if (threads_ == 0) {  // nobody would ever run it
        tasks_.pop_back();
        return false;
      }
      ready_.notify_one();  // a busy thread takes it when it is free
    }
    return true;
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        ready_.wait(lock, [this] { return !tasks_.empty(); });
        --idle_;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  size_t idle_ = 0;
  size_t threads_ = 0;
};

// Never destroyed (see the header): a pool thread may be waiting on it while static destructors run.
Pool& ThePool() {
  static Pool* pool = new Pool;
  return *pool;
}

}  // namespace

bool SubmitToPool(std::function<void()> task) { return ThePool().Submit(std::move(task)); }

}  // namespace winipc
