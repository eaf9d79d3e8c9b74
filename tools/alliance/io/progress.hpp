// A progress line on standard error, drawn only when standard error is a terminal, so logs
// and pipes never see it. It shows the share of the input read when the input's size is known
// (a regular file), else the rows done; it redraws at most about five times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#if defined(_WIN32)
#include <io.h>
#define ALLIANCE_CLI_ISATTY _isatty
#define ALLIANCE_CLI_FILENO _fileno
#else
#include <unistd.h>
#define ALLIANCE_CLI_ISATTY isatty
#define ALLIANCE_CLI_FILENO fileno
#endif

namespace alliance::cli {

[[nodiscard]] inline bool is_terminal(std::FILE* stream) noexcept {
    return stream != nullptr && ALLIANCE_CLI_ISATTY(ALLIANCE_CLI_FILENO(stream)) != 0;
}

class progress_meter {
public:
    // `total_bytes` is 0 when the size is unknown (a pipe).
    progress_meter(std::FILE* terminal, std::uint64_t total_bytes)
        : terminal_(is_terminal(terminal) ? terminal : nullptr), total_(total_bytes),
          last_(std::chrono::steady_clock::now()) {}

    // Cheap enough to call for every row: it looks at the clock every 16384 rows.
    void update(std::uint64_t bytes, std::uint64_t rows) {
        if (terminal_ == nullptr || (rows & 0x3FFF) != 0) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        drawn_ = true;
        if (total_ > 0) {
            const int percent = static_cast<int>(100.0 * static_cast<double>(bytes) / static_cast<double>(total_));
            const int filled = percent * bar_width / 100;
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar.append(static_cast<std::size_t>(bar_width - filled), '.');
            std::fprintf(terminal_, "\r[%s] %3d%%  %llu rows", bar.c_str(), percent,
                         static_cast<unsigned long long>(rows));
        } else {
            std::fprintf(terminal_, "\r%llu rows", static_cast<unsigned long long>(rows));
        }
        std::fflush(terminal_);
    }

    // Erases the line, so messages after it start on a clean line.
    void finish() {
        if (terminal_ != nullptr && drawn_) {
            std::fputs("\r\033[K", terminal_);
            std::fflush(terminal_);
        }
        drawn_ = false;
    }

private:
    static constexpr int bar_width = 30;
    std::FILE* terminal_;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point last_;
    bool drawn_ = false;
};

}  // namespace alliance::cli

#undef ALLIANCE_CLI_ISATTY
#undef ALLIANCE_CLI_FILENO
