// How many threads work on a table's rows, and how its parts run on them: one policy for the
// command line (--threads), the Python package and the R package (getOption("alliance.threads")).
// A front-end says how many threads it allows (0: as many as the machine runs at once); a
// table too small to be worth a thread's start gets fewer (one per rows_per_thread rows). The
// parts of a block run on that many threads, the calling thread among them, each thread taking
// the next part as it goes; every thread is joined before run_parts returns, and what a part
// threw is thrown again then. The bindings start no threads of their own. Core tier.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "alliance/table/interrupt.hpp"

namespace alliance::table {

// Fewer rows than this for each thread: another thread costs more than it saves.
inline constexpr std::size_t rows_per_thread = 50000;
// The most threads any front-end runs.
inline constexpr unsigned max_threads = 256;

// As many threads as the machine runs at once (1 ... max_threads).
[[nodiscard]] inline unsigned machine_threads() noexcept {
    return std::clamp(std::thread::hardware_concurrency(), 1u, max_threads);
}

// The threads for `rows` rows (nullopt: a stream of unknown length, as the command line reads)
// when the caller allows `allowed` (0: machine_threads()).
[[nodiscard]] inline unsigned threads_for(std::optional<std::size_t> rows, unsigned allowed = 0) noexcept {
    unsigned threads = allowed == 0 ? machine_threads() : std::min(allowed, max_threads);
    if (rows) threads = static_cast<unsigned>(std::min<std::size_t>(threads, *rows / rows_per_thread + 1));
    return std::max(threads, 1u);
}

// Runs part(p, worker) for every part p in 0 ... parts - 1 on `threads` threads (this one is
// worker 0), each thread taking the next part not yet taken; `worker` lets a part use its
// thread's own scratch. Once a part throws, no further part starts; after every thread is
// joined the exception of the first part (in part order) that threw is rethrown. This thread
// calls `interrupt` (interrupt.hpp) after each part it ran; what it throws stops the parts too.
template <class Part>
void run_parts(std::size_t parts, unsigned threads, Part&& part, const interrupt_check& interrupt = {}) {
    threads = static_cast<unsigned>(std::clamp<std::size_t>(std::min<std::size_t>(threads, parts), 1, max_threads));
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> failures(parts);
    const auto work = [&](unsigned worker) {
        for (std::size_t p = next.fetch_add(1); p < parts && !failed.load(); p = next.fetch_add(1)) {
            try {
                part(p, worker);
                if (worker == 0 && interrupt) interrupt();
            } catch (...) {
                failures[p] = std::current_exception();
                failed.store(true);
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        pool.reserve(threads - 1);
        try {
            for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
        } catch (...) {  // no thread could be started: the ones running finish the parts
        }
        work(0);
    }  // joins
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);
}

}  // namespace alliance::table
