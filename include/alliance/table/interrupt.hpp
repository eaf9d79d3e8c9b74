// How a long request lets its user stop it. An interpreter (Python, R) gives a function that
// throws when the user asked to stop: pybind11's error_already_set after PyErr_CheckSignals,
// Rcpp's checkUserInterrupt. The table layer calls it on the calling thread only (the one an
// interpreter may be entered from), at least every interrupt_interval while it works, and lets
// its exception through: nothing is returned half-built, and the session stays usable. The
// command line gives none: a signal ends the process, and its output files are only renamed
// into place once complete. Core tier.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace alliance::table {

using interrupt_check = std::function<void()>;

// A stopped call must return within half a second; checking every tenth leaves room for the
// step under way.
inline constexpr std::chrono::milliseconds interrupt_interval{100};

// Calls the check when interrupt_interval has passed since the last call. Cheap enough for
// every row: the clock is read once every `stride` steps (a caller whose steps are slow, a
// thousand Monte Carlo draws, reads it at every step).
class interrupt_poll {
public:
    explicit interrupt_poll(interrupt_check check, std::uint32_t stride = 256)
        : check_(std::move(check)), stride_(stride == 0 ? 1 : stride), next_(clock::now() + interrupt_interval) {}

    void operator()() {
        if (!check_ || ++steps_ % stride_ != 0) return;
        const clock::time_point now = clock::now();
        if (now < next_) return;
        next_ = now + interrupt_interval;
        check_();
    }

private:
    using clock = std::chrono::steady_clock;
    interrupt_check check_;
    std::uint32_t stride_;
    clock::time_point next_;
    std::uint32_t steps_ = 0;
};

}  // namespace alliance::table
