// Teaching example 1: score one WAI-SR record, see what the missing-item rule does, and see
// what happens to an invalid answer. Its output is checked against 01_score_one_record.output.
#include <alliance/core.hpp>

#include <cstdio>
#include <string>

using namespace alliance;

namespace {

void print(const auto& scores) {
    for (const auto& scale : scores) {
        std::printf("  %-6s %-12s answered %d/%d", std::string(scale.name()).c_str(),
                    std::string(to_string(scale.status())).c_str(), scale.answered(), scale.items());
        if (scale.has_score()) std::printf("  sum %6.2f  mean %.3f", scale.sum(), scale.mean());
        std::printf("\n");
    }
}

}  // namespace

int main() {
    const auto& wai = instruments::wai_sr;
    std::printf("%s\n  %s\n\n", std::string(wai.about().name).c_str(), std::string(wai.about().citation).c_str());

    // Answers to items 1..12 on the 1-5 scale (1 = seldom ... 5 = always).
    std::printf("1. A complete record: sums and means of Task, Goal, Bond and the total.\n");
    print(score(wai, {4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 4, 5}));

    std::printf("\n2. Item 10 left blank. The authors publish no missing-item rule, so the\n"
                "   Task scale and the total need every item and are not scored.\n");
    print(score(wai, {4, 5, 4, 3, 5, 4, 4, 3, 5, missing, 4, 5}));

    std::printf("\n3. The same record with proration chosen explicitly (at least 3 of 4):\n"
                "   Task = mean of the 3 answers x 4 items.\n");
    const scoring_options prorate{.missing_override = missing_rule::prorate_min_answered(3)};
    print(score(wai, {4, 5, 4, 3, 5, 4, 4, 3, 5, missing, 4, 5}, prorate));

    std::printf("\n4. A 6 on a 1-5 scale is an error, never a missing answer:\n");
    try {
        (void)score(wai, {4, 5, 4, 3, 5, 6, 4, 3, 5, 4, 4, 5}, {.record = "client 17, session 3"});
    } catch (const error& e) {
        std::printf("  %s\n", e.what());
    }
}
