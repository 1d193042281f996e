// Starts the scenario server (tests/server) as a child process on a free loopback port, for
// tests that drive the network stack from C++; stops it on destruction.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

class ScenarioServerProcess {
public:
    ScenarioServerProcess()
    {
        int to_child[2], from_child[2];
        if (pipe(to_child) || pipe(from_child))
            throw std::runtime_error("pipe failed");
        m_pid = fork();
        if (m_pid == 0) {
            dup2(to_child[0], STDIN_FILENO);
            dup2(from_child[1], STDOUT_FILENO);
            close(to_child[1]);
            close(from_child[0]);
            execl(DUKNET_SCENARIO_SERVER, DUKNET_SCENARIO_SERVER, nullptr);
            _exit(127);
        }
        close(to_child[0]);
        close(from_child[1]);
        m_stdin = to_child[1];
        FILE* output = fdopen(from_child[0], "r");
        if (!output || std::fscanf(output, "PORT %d", &m_port) != 1)
            throw std::runtime_error("the scenario server did not start");
        std::fclose(output);
    }
    ~ScenarioServerProcess()
    {
        close(m_stdin); // the server exits when its stdin closes
        waitpid(m_pid, nullptr, 0);
    }
    ScenarioServerProcess(const ScenarioServerProcess&) = delete;
    ScenarioServerProcess& operator=(const ScenarioServerProcess&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

private:
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_port = 0;
};
