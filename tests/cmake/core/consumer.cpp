// A program that needs only alliance::core: scoring, the catalogue, explain, and tracking with
// a literal critical value (no Boost, no nlohmann/json).
#include <alliance/core.hpp>
#include <alliance/explain.hpp>
#include <alliance/plot/trajectory.hpp>
#include <alliance/tracking.hpp>

int main() {
    using namespace alliance;
    const auto scores = score(instruments::wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    // task = items 1, 2, 10, 12 = 5 + 4 + 1 + 4 = 14; total = 39
    if (!(scores["task"].sum() == 14 && scores["total"].sum() == 39)) return 1;
    // Jacobson & Truax (1991): S_diff = SD sqrt(2 (1 - r)) = 5 sqrt(0.4) = 3.1623; a fall of
    // 7 points is beyond 1.96 x 3.1623 = 6.198 points and so a reliable drop.
    const tracking::series client("c1", {{1, 30.0}, {2, 23.0}}, stats::direction::higher_is_better);
    const tracking::reliable_drop rule{5.0, 0.8, stats::critical_value::literal(1.96),
                                       tracking::previous_policy::last_scored};
    const auto fired = tracking::evaluate(client, rule);
    return fired.size() == 2 && !fired[0] && fired[1] ? 0 : 2;
}
