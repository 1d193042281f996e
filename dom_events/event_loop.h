// The HTML Standard's event loop (https://html.spec.whatwg.org/#event-loops): task queues, the
// microtask queue, timers and a rendering opportunity.
// Thread: an EventLoop belongs to the thread that runs it (a document's main thread or a
// worker's thread). Only post_task(), stop() and PendingActivity's destructor may be called from
// other threads; everything else is for the owning thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace duknet::dom {

// https://html.spec.whatwg.org/#generic-task-sources
enum class TaskSource : uint8_t {
    DOMManipulation,
    UserInteraction,
    Networking,
    Timer,
    PostedMessage,
};
const char* to_string(TaskSource);

using Task = std::function<void()>;
using Clock = std::chrono::steady_clock;

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // https://html.spec.whatwg.org/#queue-a-task, from the owning thread.
    void queue_task(TaskSource, Task);
    // Queues a task from any thread and wakes the loop. Posts that arrive together are taken in
    // one batch: the loop wakes once per batch, not once per message.
    void post_task(TaskSource, Task);
    // Queues tasks from any thread, in order, waking the loop once.
    void post_tasks(TaskSource, std::vector<Task>);

    // https://html.spec.whatwg.org/#queue-a-microtask
    void queue_microtask(Task);
    // https://html.spec.whatwg.org/#perform-a-microtask-checkpoint
    void perform_microtask_checkpoint();
    bool performing_microtask_checkpoint() const { return m_performing_microtask_checkpoint; }
    // Runs at the end of every microtask checkpoint (the binding notifies about rejected promises).
    void set_microtask_checkpoint_hook(std::function<void()> hook) { m_checkpoint_hook = std::move(hook); }

    // https://html.spec.whatwg.org/#timer-initialisation-steps (the part that is not about script):
    // clamps the timeout for nested timers and queues `callback` as a timer task no earlier than
    // the timeout, ordered after earlier timers whose timeout is not longer. Returns the handle.
    // A repeating timer re-arms itself after each run unless cleared meanwhile. The callback is
    // given the timer's handle.
    using TimerCallback = std::function<void(int32_t handle)>;
    int32_t set_timer(double timeout_ms, bool repeat, TimerCallback callback);
    void clear_timer(int32_t handle);

    // What other threads keep to post to this loop: posting after the loop is gone does nothing.
    class Mailbox {
    public:
        void post(TaskSource, Task);
        void post(TaskSource, std::vector<Task>);

    private:
        friend class EventLoop;
        std::mutex m_mutex;
        EventLoop* m_loop = nullptr;
    };
    std::shared_ptr<Mailbox> mailbox() const { return m_mailbox; }

    // Keeps run() going while alive, e.g. an in-flight request or a live worker. May be
    // destroyed on any thread.
    class PendingActivity {
    public:
        explicit PendingActivity(EventLoop&);
        ~PendingActivity();
        PendingActivity(const PendingActivity&) = delete;
        PendingActivity& operator=(const PendingActivity&) = delete;

    private:
        EventLoop& m_loop;
    };

    // Runs one task (then a microtask checkpoint and, if due, the rendering hook), waiting for one
    // until `deadline` at most. Returns true if a task ran.
    bool run_once(std::optional<Clock::time_point> deadline = std::nullopt);
    // Runs tasks until nothing is pending (no task, timer or pending activity) or stop().
    void run();
    bool has_pending_work();
    void stop();

    // The embedding's "update the rendering" step, given a chance about 60 times a second while
    // the loop has work (https://html.spec.whatwg.org/#update-the-rendering).
    void set_rendering_hook(std::function<void(double now_ms)> hook);
    // Called from the posting thread when a task is posted, for embedders that drive the loop
    // from their own (they call run_once(now) when woken).
    void set_wakeup_callback(std::function<void()> callback);

    // Sees every task run, with its source and when it started and ended (for traces).
    using TaskObserver = std::function<void(TaskSource, Clock::time_point start, Clock::time_point end)>;
    void set_task_observer(TaskObserver observer) { m_task_observer = std::move(observer); }

    // The running task's timer nesting level (0 outside timer tasks).
    int timer_nesting_level() const { return m_current_nesting_level; }

private:
    struct QueuedTask {
        TaskSource source;
        Task run;
        int timer_nesting_level = 0;
        // When the task became ready: posted tasks and due timers join the queue in this order.
        Clock::time_point ready_at {};
    };
    struct Timer {
        TimerCallback callback;
        double timeout_ms;
        bool repeat;
        int nesting_level;
    };
    struct TimerKey {
        Clock::time_point due;
        uint64_t sequence;
        bool operator<(const TimerKey& other) const
        {
            return due != other.due ? due < other.due : sequence < other.sequence;
        }
    };

    void arm_timer(int32_t handle, Timer);
    // Moves posted tasks and due timers to the task queue, in the order they became ready.
    void take_ready_tasks();
    QueuedTask timer_task(int32_t handle, Clock::time_point due);
    void run_task(QueuedTask&);
    std::optional<Clock::time_point> next_wakeup();

    std::deque<QueuedTask> m_tasks;
    std::deque<Task> m_microtasks;
    bool m_performing_microtask_checkpoint = false;
    std::function<void()> m_checkpoint_hook;

    std::map<int32_t, Timer> m_timers;         // handle -> timer (armed or running)
    std::map<TimerKey, int32_t> m_timer_queue; // armed timers in firing order
    int32_t m_next_timer_handle = 1;
    uint64_t m_next_timer_sequence = 0;
    int m_current_nesting_level = 0;

    std::function<void(double)> m_rendering_hook;
    TaskObserver m_task_observer;
    Clock::time_point m_next_rendering;

    // Shared with other threads.
    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    std::vector<QueuedTask> m_posted;
    bool m_stopped = false;
    int m_pending_activities = 0;
    std::function<void()> m_wakeup_callback;
    std::shared_ptr<Mailbox> m_mailbox;
};

} // namespace duknet::dom
