#include "dom_events/event_loop.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using namespace duknet::dom;

TEST_CASE("a microtask checkpoint follows every task")
{
    EventLoop loop;
    std::vector<std::string> log;
    loop.queue_task(TaskSource::DOMManipulation, [&] {
        log.push_back("task 1");
        loop.queue_microtask([&] {
            log.push_back("microtask 1");
            loop.queue_microtask([&] { log.push_back("microtask 2"); });
        });
    });
    loop.queue_task(TaskSource::DOMManipulation, [&] { log.push_back("task 2"); });
    loop.run();
    CHECK(log == std::vector<std::string> { "task 1", "microtask 1", "microtask 2", "task 2" });
}

TEST_CASE("timers fire in order of due time, then of start, never early")
{
    EventLoop loop;
    std::vector<std::string> log;
    auto start = Clock::now();
    std::chrono::milliseconds elapsed_at_30 {};
    loop.set_timer(30, false, [&](int32_t) {
        log.push_back("30");
        elapsed_at_30 = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    });
    loop.set_timer(10, false, [&](int32_t) { log.push_back("10a"); });
    loop.set_timer(10, false, [&](int32_t) { log.push_back("10b"); });
    loop.set_timer(0, false, [&](int32_t) { log.push_back("0"); });
    loop.set_timer(-5, false, [&](int32_t) { log.push_back("negative is 0"); });
    loop.run();
    CHECK(log == std::vector<std::string> { "0", "negative is 0", "10a", "10b", "30" });
    CHECK(elapsed_at_30.count() >= 30);
}

TEST_CASE("a cleared timer does not fire, even once its task is queued")
{
    EventLoop loop;
    int fired = 0;
    int32_t second = 0;
    loop.set_timer(0, false, [&](int32_t) { loop.clear_timer(second); });
    second = loop.set_timer(0, false, [&](int32_t) { ++fired; });
    int32_t third = loop.set_timer(5, false, [&](int32_t) { ++fired; });
    loop.clear_timer(third);
    loop.run();
    CHECK(fired == 0);
}

TEST_CASE("a repeating timer re-arms until cleared, with its handle")
{
    EventLoop loop;
    int runs = 0;
    loop.set_timer(1, true, [&](int32_t handle) {
        if (++runs == 3)
            loop.clear_timer(handle);
    });
    loop.run();
    CHECK(runs == 3);
}

TEST_CASE("nested timers are clamped to 4 ms beyond nesting level 5")
{
    EventLoop loop;
    std::vector<Clock::time_point> times;
    std::function<void(int32_t)> nest = [&](int32_t) {
        times.push_back(Clock::now());
        if (times.size() < 10)
            loop.set_timer(0, false, nest);
    };
    loop.set_timer(0, false, nest);
    loop.run();
    REQUIRE(times.size() == 10);
    // The timer set by the sixth nested run (nesting level 6) and later ones wait 4 ms or more.
    for (size_t i = 6; i < times.size(); ++i)
        CHECK(times[i] - times[i - 1] >= std::chrono::milliseconds(4));
}

TEST_CASE("tasks posted from another thread wake the loop, in order")
{
    EventLoop loop;
    std::vector<int> received;
    std::optional<EventLoop::PendingActivity> activity(std::in_place, loop);
    std::thread poster([&, mailbox = loop.mailbox()] {
        for (int i = 0; i < 100; ++i)
            mailbox->post(TaskSource::Networking, [&received, i] { received.push_back(i); });
        mailbox->post(TaskSource::Networking, [&] { activity.reset(); });
    });
    loop.run();
    poster.join();
    REQUIRE(received.size() == 100);
    for (int i = 0; i < 100; ++i)
        CHECK(received[i] == i);
}

TEST_CASE("tasks posted together run in order, each a task of its own")
{
    EventLoop loop;
    std::vector<std::string> log;
    std::optional<EventLoop::PendingActivity> activity(std::in_place, loop);
    std::thread poster([&, mailbox = loop.mailbox()] {
        std::vector<Task> tasks;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back([&log, &loop, i] {
                log.push_back("task " + std::to_string(i));
                loop.queue_microtask([&log, i] { log.push_back("microtask " + std::to_string(i)); });
            });
        }
        tasks.push_back([&] { activity.reset(); });
        mailbox->post(TaskSource::Networking, std::move(tasks));
    });
    loop.run();
    poster.join();
    // A microtask checkpoint follows each task.
    CHECK(log == std::vector<std::string> { "task 0", "microtask 0", "task 1", "microtask 1", "task 2", "microtask 2" });
}

TEST_CASE("a pending activity keeps run() going until it ends on another thread")
{
    EventLoop loop;
    auto activity = std::make_unique<EventLoop::PendingActivity>(loop);
    auto start = Clock::now();
    std::thread ender([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        activity.reset();
    });
    loop.run();
    ender.join();
    CHECK(Clock::now() - start >= std::chrono::milliseconds(50));
}

TEST_CASE("posting to a loop that is gone does nothing")
{
    std::shared_ptr<EventLoop::Mailbox> mailbox;
    {
        EventLoop loop;
        mailbox = loop.mailbox();
    }
    bool ran = false;
    mailbox->post(TaskSource::Networking, [&] { ran = true; });
    CHECK_FALSE(ran);
}

TEST_CASE("posted tasks and due timers are queued in the order they became ready")
{
    EventLoop loop;
    std::vector<std::string> log;
    loop.set_timer(0, false, [&](int32_t) { log.push_back("timer"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    loop.post_task(TaskSource::Networking, [&] { log.push_back("posted later"); });
    loop.run();
    CHECK(log == std::vector<std::string> { "timer", "posted later" });
}

TEST_CASE("the rendering hook runs about 60 times a second while there is work")
{
    EventLoop loop;
    int frames = 0;
    loop.set_rendering_hook([&](double) { ++frames; });
    loop.set_timer(200, false, [](int32_t) {});
    loop.run();
    CHECK(frames >= 8);
    CHECK(frames <= 16);
}
