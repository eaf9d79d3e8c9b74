// The commands' entry points, one per `alliance COMMAND`, each compiled in its own
// commands/<name>.cpp: the dispatch (driver.cpp) needs these declarations only. Each takes the
// arguments after the command name and returns the exit status; a usage_error (arguments.hpp)
// or any other exception is reported by the dispatch (exit status 2).
#pragma once

#include <span>
#include <string>

namespace alliance::cli::detail {

int run_list(std::span<const std::string> arguments);         // commands/list.cpp
int run_score(std::span<const std::string> arguments);        // commands/score.cpp
int run_explain(std::span<const std::string> arguments);      // commands/explain.cpp
int run_change(std::span<const std::string> arguments);       // commands/change.cpp
int run_compare(std::span<const std::string> arguments);      // commands/compare.cpp
int run_reliability(std::span<const std::string> arguments);  // commands/reliability.cpp
int run_icc(std::span<const std::string> arguments);          // commands/icc.cpp
int run_track(std::span<const std::string> arguments);        // commands/track.cpp
int run_split(std::span<const std::string> arguments);        // commands/split.cpp
int run_plot(std::span<const std::string> arguments);         // commands/plot.cpp

}  // namespace alliance::cli::detail
