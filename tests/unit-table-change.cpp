// alliance/table/change.hpp: the change request every front-end shares. Its options' rules and
// messages (spelled for the command line and for the packages), the parameters estimated from
// the complete pairs, and the cells against Jacobson & Truax's (1991) formula and Hageman &
// Arrindell's (1999) CS_indiv worked by hand.
#include <doctest/doctest.h>

#include <alliance/table/change.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// The message of the option_error that resolving `request` throws, as `spell` writes it.
std::string problem(const change_request& request, const option_spelling& spell) {
    try {
        (void)resolve(request, stats::direction::higher_is_better, spell);
    } catch (const option_error& e) {
        return e.message();
    }
    return "(no error)";
}

change_request jt(double sd, double reliability) {
    change_request request;
    request.given.sd_pre = sd;
    request.given.reliability = reliability;
    return request;
}

}  // namespace

TEST_CASE("resolve: options that do not fit together are refused in each front-end's spelling") {
    change_request both = jt(5, 0.8);
    both.norm = "core-10-uk-general-population-2007";
    CHECK(problem(both, command_line_spelling) == "give --norm or --sd, not both");
    CHECK(problem(both, binding_spelling) == "give norm or sd, not both");

    change_request letter = jt(5, 0.8);
    letter.cutoff = "c";
    letter.clinical_mean = 20;
    letter.clinical_sd = 7;
    CHECK(problem(letter, command_line_spelling) == "--cutoff c needs --functional-mean and --functional-sd as well");
    CHECK(problem(letter, binding_spelling) == "cutoff 'c' needs functional_mean and functional_sd as well");
    letter.cutoff = "d";
    CHECK(problem(letter, binding_spelling) == "cutoff expects 'a', 'b' or 'c', not 'd'");

    change_request stray = jt(5, 0.8);
    stray.clinical_sd = 7;
    CHECK(problem(stray, command_line_spelling) == "--clinical-sd is for --cutoff a|b|c; give --cutoff too");

    change_request ha = jt(5, 0.8);
    ha.method = "ha";
    ha.cutoff_value = 25;
    CHECK(problem(ha, binding_spelling) ==
          "method 'ha' classifies with CS_indiv and its true-score cut-offs: give cutoff 'a'|'b'|'c', not a cut-off value");

    change_request rule = jt(5, 0.8);
    rule.recovery_rule = "clinicalsignificance";
    CHECK(problem(rule, binding_spelling) == "recovery_rule is for the categories: give a cut-off too");
    rule.recovery_rule = "strict";
    rule.cutoff_value = 30;
    CHECK(problem(rule, command_line_spelling) ==
          "--recovery-rule expects jacobson-truax or clinicalsignificance, not 'strict'");

    change_request levels = jt(5, 0.8);
    levels.confidence = 0.9;
    levels.critical_value = 1.96;
    CHECK(problem(levels, binding_spelling) == "give confidence or critical_value, not both");

    CHECK_THROWS_AS((void)direction_from(std::nullopt, binding_spelling), option_error);
    CHECK_THROWS_WITH_AS((void)direction_from(std::string("up"), binding_spelling),
                         "[alliance.table.option] direction expects 'higher' or 'lower', not 'up'", option_error);
    CHECK(direction_from(std::string("lower"), binding_spelling) == stats::direction::lower_is_better);
}

TEST_CASE("resolve: a norm gives the pre mean, SD and reliability; options a method does not read are noted") {
    change_request request;
    request.norm = "gad-7-de-general-women-2008";  // reports alpha .89 (Loewe et al. 2008)
    const change_settings settings = resolve(request, stats::direction::lower_is_better, binding_spelling);
    REQUIRE(settings.given.reliability.has_value());
    CHECK(*settings.given.reliability == doctest::Approx(0.89));
    request.given.reliability = 0.9;
    CHECK(problem(request, binding_spelling) ==
          "norm gad-7-de-general-women-2008 has a reliability; give norm or reliability, not both");

    change_request unused = jt(5, 0.8);
    unused.given.mean_post = 12;
    CHECK(resolve(unused, stats::direction::higher_is_better, command_line_spelling).notes ==
          std::vector<std::string>{"--post-mean is not used by method jt"});
}

TEST_CASE("change_block: Jacobson & Truax's RCI, cut-off a and the four categories, partial rows named") {
    // SE_diff = SD sqrt(2) sqrt(1 - rxx) (Jacobson & Truax 1991, eq. 2); cut-off a = M + 2 SD
    // of the clinical population on the healthy side: 20 + 2 x 7 = 34.
    change_request request = jt(7.7, 0.8);
    request.critical_value = 1.96;
    request.cutoff = "a";
    request.clinical_mean = 20;
    request.clinical_sd = 7;
    const change_settings settings = resolve(request, stats::direction::higher_is_better, binding_spelling);
    const std::vector<double> pre{20, 20, no_value, 30};
    const std::vector<double> post{36, 30, 25, 20};
    const change_block_result result = change_block(settings, pre, post, {"before", "after"});
    const column_block& block = result.block;
    const std::span<const result_column> columns = change_columns(settings);
    REQUIRE(columns.size() == 8);
    CHECK(columns[7].name == "category");
    const double se = 7.7 * std::sqrt(2.0) * std::sqrt(0.2);
    CHECK(block.at(1, 0) == doctest::Approx(se).epsilon(1e-14));
    CHECK(block.at(2, 1) == doctest::Approx(10 / se).epsilon(1e-14));
    CHECK(block.at(6, 0) == 34);
    auto category = [&](std::size_t row) { return columns[7].labels[static_cast<std::size_t>(block.at(7, row))]; };
    auto change = [&](std::size_t row) { return columns[5].labels[static_cast<std::size_t>(block.at(5, row))]; };
    CHECK(category(0) == "recovered");  // 16 points: reliable, and past 34
    CHECK(category(1) == "improved");   // 10 points: reliable (2.05 > 1.96), not past 34
    CHECK(change(3) == "deteriorated");
    CHECK(category(3) == "deteriorated");
    CHECK(block.status[2] == row_status::partial);
    REQUIRE(block.messages.size() == 1);
    CHECK(block.messages[0].second == "missing before; nothing computed");
    CHECK(result.plan.completed.estimated.empty());
}

TEST_CASE("change_block: method ha with cut-off c gives the true-score cut-off and CS_indiv") {
    // Hageman & Arrindell (1999): with clinical 20 (SD 10) and functional 40 (SD 10) and
    // rxx .75, the true-score cut-off c is 30 (the populations' SDs are equal); post mean 30 and
    // SD 10 give rxx2 = (100 - 25) / 100 = .75 and CS_indiv = (30 + (40 - 30) .75 - 30) /
    // (sqrt(.75) x 5) = sqrt(3).
    change_request request;
    request.method = "ha";
    request.given = {.mean_pre = 20, .sd_pre = 10, .mean_post = 30, .sd_post = 10, .reliability = 0.75,
                     .retest_correlation = 0.3};
    request.critical_value = 1.7320508;
    request.cutoff = "c";
    request.clinical_mean = 20;
    request.clinical_sd = 10;
    request.functional_mean = 40;
    request.functional_sd = 10;
    const change_settings settings = resolve(request, stats::direction::higher_is_better, binding_spelling);
    const std::array<double, 1> pre{15}, post{40};
    const column_block block = change_block(settings, pre, post).block;
    REQUIRE(change_columns(settings).size() == 9);
    CHECK(block.at(6, 0) == doctest::Approx(30).epsilon(1e-12));
    CHECK(block.at(7, 0) == doctest::Approx(std::sqrt(3.0)).epsilon(1e-12));
    CHECK(change_columns(settings)[8].labels[static_cast<std::size_t>(block.at(8, 0))] == "recovered");
}

TEST_CASE("change_block: a parameter the request lacks is estimated from the complete pairs only") {
    const change_settings settings = resolve(jt(1, 0.8), stats::direction::higher_is_better, binding_spelling);
    change_request lacking;
    lacking.given.reliability = 0.8;
    const change_settings estimated = resolve(lacking, stats::direction::higher_is_better, binding_spelling);
    CHECK_FALSE(estimates_from_sample(settings));
    REQUIRE(estimates_from_sample(estimated));
    const std::vector<double> pre{10, 12, 14, no_value}, post{11, 15, 13, 40};
    const change_block_result result = change_block(estimated, pre, post);
    // SD (n - 1) of the complete pre scores 10, 12, 14: 2; the fourth pair is not complete.
    CHECK(result.plan.completed.n == 3);
    CHECK(*result.plan.completed.parameters.sd_pre == doctest::Approx(2));
    CHECK(estimated_note(result.plan) ==
          "estimated from the 3 complete pre/post pairs of the input (sample statistics, SD with n - 1): sd_pre = 2");
}
