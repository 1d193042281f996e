#include "dom_events/event_loop.h"

#include <algorithm>

namespace duknet::dom {

static constexpr auto rendering_interval = std::chrono::microseconds(16667);

EventLoop::EventLoop()
    : m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->m_loop = this;
}

EventLoop::~EventLoop()
{
    std::lock_guard lock(m_mailbox->m_mutex);
    m_mailbox->m_loop = nullptr;
}

void EventLoop::Mailbox::post(TaskSource source, Task task)
{
    std::lock_guard lock(m_mutex);
    if (m_loop)
        m_loop->post_task(source, std::move(task));
}

void EventLoop::Mailbox::post(TaskSource source, std::vector<Task> tasks)
{
    std::lock_guard lock(m_mutex);
    if (m_loop)
        m_loop->post_tasks(source, std::move(tasks));
}

void EventLoop::queue_task(TaskSource source, Task task)
{
    m_tasks.push_back(QueuedTask { source, std::move(task) });
}

void EventLoop::post_task(TaskSource source, Task task)
{
    std::vector<Task> tasks;
    tasks.push_back(std::move(task));
    post_tasks(source, std::move(tasks));
}

void EventLoop::post_tasks(TaskSource source, std::vector<Task> tasks)
{
    std::function<void()> wakeup;
    {
        std::lock_guard lock(m_mutex);
        bool first_of_batch = m_posted.empty();
        auto now = Clock::now();
        for (auto& task : tasks)
            m_posted.push_back(QueuedTask { source, std::move(task), 0, now });
        if (!first_of_batch || tasks.empty())
            return; // The loop has not taken the batch yet; it is already being woken.
        wakeup = m_wakeup_callback;
    }
    m_wakeup.notify_one();
    if (wakeup)
        wakeup();
}

void EventLoop::take_ready_tasks()
{
    std::vector<QueuedTask> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_posted);
    }
    size_t posted_count = ready.size();
    auto now = Clock::now();
    while (!m_timer_queue.empty() && m_timer_queue.begin()->first.due <= now) {
        auto [key, handle] = *m_timer_queue.begin();
        m_timer_queue.erase(m_timer_queue.begin());
        ready.push_back(timer_task(handle, key.due));
    }
    // Posted tasks and timers are each in order already; merge them by readiness.
    std::inplace_merge(ready.begin(), ready.begin() + posted_count, ready.end(),
        [](const QueuedTask& a, const QueuedTask& b) { return a.ready_at < b.ready_at; });
    for (auto& task : ready)
        m_tasks.push_back(std::move(task));
}

void EventLoop::queue_microtask(Task task)
{
    m_microtasks.push_back(std::move(task));
}

void EventLoop::perform_microtask_checkpoint()
{
    // 1. If the event loop's performing a microtask checkpoint is true, then return.
    if (m_performing_microtask_checkpoint)
        return;
    // 2. Set the event loop's performing a microtask checkpoint to true.
    m_performing_microtask_checkpoint = true;
    // 3. While the event loop's microtask queue is not empty: dequeue and run the oldest microtask.
    while (!m_microtasks.empty()) {
        Task microtask = std::move(m_microtasks.front());
        m_microtasks.pop_front();
        microtask();
    }
    // 4. For each environment settings object ... notify about rejected promises.
    if (m_checkpoint_hook)
        m_checkpoint_hook();
    // 7. Set the event loop's performing a microtask checkpoint to false.
    m_performing_microtask_checkpoint = false;
}

int32_t EventLoop::set_timer(double timeout_ms, bool repeat, TimerCallback callback)
{
    // https://html.spec.whatwg.org/#timer-initialisation-steps
    // 2. Let id be a new handle, greater than zero.
    int32_t handle = m_next_timer_handle++;
    // 5. If the surrounding agent's event loop's currently running task is a task that was
    //    created by this algorithm, then let nesting level be the task's timer nesting level.
    //    Otherwise, let nesting level be 0.
    int nesting_level = m_current_nesting_level;
    arm_timer(handle, Timer { std::move(callback), timeout_ms, repeat, nesting_level });
    return handle;
}

void EventLoop::arm_timer(int32_t handle, Timer timer)
{
    // 6. If timeout is less than 0, then set timeout to 0.
    double timeout = std::max(0.0, timer.timeout_ms);
    // 7. If nesting level is greater than 5, and timeout is less than 4, then set timeout to 4.
    if (timer.nesting_level > 5 && timeout < 4)
        timeout = 4;
    auto due = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(timeout));
    // 10. Run steps after a timeout: keyed by (due time, start order), so a timer never fires
    //     before one that started earlier with a timeout that is not longer.
    m_timer_queue.emplace(TimerKey { due, m_next_timer_sequence++ }, handle);
    m_timers.insert_or_assign(handle, std::move(timer));
}

void EventLoop::clear_timer(int32_t handle)
{
    // https://html.spec.whatwg.org/#dom-cleartimeout: remove the entry from the map of active
    // timers; a task already queued for it then does nothing.
    if (m_timers.erase(handle) == 0)
        return;
    for (auto it = m_timer_queue.begin(); it != m_timer_queue.end(); ++it) {
        if (it->second == handle) {
            m_timer_queue.erase(it);
            break;
        }
    }
}

EventLoop::QueuedTask EventLoop::timer_task(int32_t handle, Clock::time_point due)
{
    int nesting_level = m_timers.find(handle)->second.nesting_level + 1;
    // 9. Let task be a task that runs the following substeps, with its timer nesting level set
    //    to nesting level + 1.
    return QueuedTask { TaskSource::Timer, [this, handle] {
            // 9.1. If id does not exist in global's map of active timers, then abort these steps.
            auto it = m_timers.find(handle);
            if (it == m_timers.end())
                return;
            // Keep the callback alive even if it clears its own timer.
            TimerCallback callback = it->second.callback;
            callback(handle);
            // 9.6. If repeat is true, then perform the timer initialization steps again with
            //      the same id, unless the callback cleared the timer.
            it = m_timers.find(handle);
            if (it == m_timers.end())
                return;
            if (!it->second.repeat) {
                m_timers.erase(it);
                return;
            }
            Timer again = it->second;
            again.nesting_level = m_current_nesting_level;
            arm_timer(handle, std::move(again));
        }, nesting_level, due };
}

const char* to_string(TaskSource source)
{
    switch (source) {
    case TaskSource::DOMManipulation: return "DOM manipulation";
    case TaskSource::UserInteraction: return "user interaction";
    case TaskSource::Networking: return "networking";
    case TaskSource::Timer: return "timer";
    case TaskSource::PostedMessage: return "posted message";
    }
    return "task";
}

void EventLoop::run_task(QueuedTask& task)
{
    auto start = m_task_observer ? Clock::now() : Clock::time_point {};
    m_current_nesting_level = task.timer_nesting_level;
    task.run();
    m_current_nesting_level = 0;
    // https://html.spec.whatwg.org/#event-loop-processing-model step 7.
    perform_microtask_checkpoint();
    if (m_task_observer)
        m_task_observer(task.source, start, Clock::now());
}

std::optional<Clock::time_point> EventLoop::next_wakeup()
{
    std::optional<Clock::time_point> wakeup;
    if (!m_timer_queue.empty())
        wakeup = m_timer_queue.begin()->first.due;
    if (m_rendering_hook && (!wakeup || m_next_rendering < *wakeup))
        wakeup = m_next_rendering;
    return wakeup;
}

bool EventLoop::run_once(std::optional<Clock::time_point> deadline)
{
    take_ready_tasks();
    if (m_tasks.empty()) {
        auto wake_at = next_wakeup();
        if (deadline && (!wake_at || *deadline < *wake_at))
            wake_at = deadline;
        std::unique_lock lock(m_mutex);
        // A pending activity that ends changes whether the loop has work at all.
        int pending_activities = m_pending_activities;
        auto ready = [&] { return !m_posted.empty() || m_stopped || m_pending_activities != pending_activities; };
        if (wake_at)
            m_wakeup.wait_until(lock, *wake_at, ready);
        else
            m_wakeup.wait(lock, ready);
        lock.unlock();
        take_ready_tasks();
    }

    bool ran = false;
    if (!m_tasks.empty()) {
        QueuedTask task = std::move(m_tasks.front());
        m_tasks.pop_front();
        run_task(task);
        ran = true;
    }

    // 8-13. Update the rendering, when a rendering opportunity has come.
    if (m_rendering_hook && Clock::now() >= m_next_rendering) {
        m_next_rendering = Clock::now() + rendering_interval;
        auto hook = m_rendering_hook;
        hook(std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count());
        perform_microtask_checkpoint();
    }
    return ran;
}

bool EventLoop::has_pending_work()
{
    if (!m_tasks.empty() || !m_timer_queue.empty() || !m_microtasks.empty())
        return true;
    std::lock_guard lock(m_mutex);
    return !m_stopped && (!m_posted.empty() || m_pending_activities > 0);
}

void EventLoop::run()
{
    while (has_pending_work()) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopped)
                return;
        }
        run_once();
    }
}

void EventLoop::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
    }
    m_wakeup.notify_all();
}

void EventLoop::set_rendering_hook(std::function<void(double)> hook)
{
    m_rendering_hook = std::move(hook);
    m_next_rendering = Clock::now();
}

void EventLoop::set_wakeup_callback(std::function<void()> callback)
{
    std::lock_guard lock(m_mutex);
    m_wakeup_callback = std::move(callback);
}

EventLoop::PendingActivity::PendingActivity(EventLoop& loop)
    : m_loop(loop)
{
    std::lock_guard lock(m_loop.m_mutex);
    ++m_loop.m_pending_activities;
}

EventLoop::PendingActivity::~PendingActivity()
{
    {
        std::lock_guard lock(m_loop.m_mutex);
        --m_loop.m_pending_activities;
    }
    // The loop may be waiting with nothing else to do: let it re-check whether it is done.
    m_loop.m_wakeup.notify_all();
}

} // namespace duknet::dom
