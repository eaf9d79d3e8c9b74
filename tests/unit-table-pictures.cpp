// alliance/table/pictures.hpp and change_picture.hpp: what a picture shows, for the command
// line's `alliance plot` and the packages' plot_* functions alike. The expected values are worked
// out by hand from the published keys (SRS: 4 items on 0-10, cut-off total < 36, Duncan et al.
// 2003; WAI-SR: 12 items on 1-5) and from the rules stated beside each check.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/table/change_picture.hpp>
#include <alliance/table/pictures.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

runtime_instrument builtin(std::string_view id) { return *builtin_instrument(id); }

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const alliance::error& e) {
        return e.message();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("trajectory_look: the scale's possible range, its label and the cut-off the picture shades") {
    const runtime_instrument srs = builtin("srs");
    const std::size_t total = srs.scales().size() - 1;
    const plot::trajectory_options look = trajectory_look(srs, total, metric::sum, {}, std::nullopt, "SRS");
    CHECK(look.y_min == 0.0);  // 4 items x 0
    CHECK(look.y_max == 40.0);  // 4 items x 10
    CHECK(look.y_label == "total sum");
    CHECK(look.title == "SRS");
    REQUIRE(look.cutoff);  // no below-cutoff rule: the instrument's own published cut-off
    CHECK(look.cutoff->value == 36.0);
    CHECK(look.cutoff->when == flag_when::below);

    // The mean of a sum-reported scale: the response range itself, and no cut-off (it is on the sum).
    const plot::trajectory_options mean_look = trajectory_look(srs, total, metric::mean, {}, std::nullopt, "SRS");
    CHECK(mean_look.y_min == 0.0);
    CHECK(mean_look.y_max == 10.0);
    CHECK_FALSE(mean_look.cutoff);

    // A below-cutoff rule's own cut-off wins, and a range given is kept.
    tracking::track_rules rules;
    rules.below = tracking::below_cutoff{instruments::srs_total_cutoff.with(flag_when::at_or_below)};
    const plot::trajectory_options ruled = trajectory_look(srs, total, metric::sum, rules, std::pair{20.0, 40.0}, "");
    CHECK(ruled.cutoff->when == flag_when::at_or_below);
    CHECK(ruled.y_min == 20.0);
    CHECK(ruled.y_max == 40.0);

    // WAI-SR reports means (Hatcher & Gillaspy 2006): 1..5 for a mean, 12..60 for the total's sum.
    const runtime_instrument wai = builtin("wai-sr");
    const std::size_t wai_total = wai.scales().size() - 1;
    CHECK(trajectory_look(wai, wai_total, metric::mean, {}, std::nullopt, "").y_max == 5.0);
    CHECK(trajectory_look(wai, wai_total, metric::sum, {}, std::nullopt, "").y_min == 12.0);
}

TEST_CASE("checked_range and check_plottable_extent: the axis a caller gives, and values too far apart") {
    CHECK(checked_range(1, 2, "x", binding_spelling) == std::pair{1.0, 2.0});
    CHECK(message_of([] { (void)checked_range(2, 1, "(2, 1)", binding_spelling); }) ==
          "range expects LO,HI with LO below HI, not (2, 1)");
    CHECK(message_of([] { (void)checked_range(1, 1, "'1,1'", command_line_spelling); }) ==
          "--range expects LO,HI with LO below HI, not '1,1'");
    CHECK(message_of([] { (void)checked_range(0, INFINITY, "x", binding_spelling); }) != "(no error)");
    CHECK(message_of([] { check_plottable_extent(-1, 1, 0, binding_spelling); }) == "(no error)");
    CHECK(message_of([] { check_plottable_extent(-1e308, 1e308, 0, binding_spelling); }) ==
          "the values to draw span from -1e+308 to 1e+308, too far apart to draw (the axis length overflows a "
          "double); give range or leave those rows out");
    CHECK(message_of([] { check_plottable_extent(0, 1e308, 1e308, command_line_spelling); }) ==
          "the values to draw span from 0 to 1e+308 with a threshold of 1e+308, too far apart to draw (the axis "
          "length overflows a double); give --range or leave those rows out");
}

TEST_CASE("picture_file_stems: safe file names, one per picture") {
    const std::vector<std::string> names{"anna", "a b", "a_b", "", ".hidden", "../up", "anna"};
    CHECK(picture_file_stems(names) ==
          std::vector<std::string>{"anna", "a_b", "a_b-2", "_", "_.hidden", "_.._up",
                                   "anna-2"});
}

TEST_CASE("member_trajectories: usable rows with a numeric session; a member twice in a session is left out") {
    const std::vector<member_row> rows{{"1", "b", 50, true}, {"1", "a", 60, true}, {"2", "a", 62, true},
                                       {"2", "a", 61, true},  // a twice in session 2: both out
                                       {"x", "b", 55, true},  // no session number
                                       {"3", "b", 0, false},  // split cannot use it (no score)
                                       {"3", "b", 52, true}};
    std::vector<plot::member_trajectory> members;
    std::size_t sessions = 0;
    CHECK(member_trajectories(rows, members, sessions) == 4);  // a's two in session 2, 'x', the unusable row
    REQUIRE(members.size() == 2);
    CHECK(members[0].member == "a");  // byte order
    REQUIRE(members[0].points.size() == 1);
    CHECK(members[0].points[0].session == 1.0);
    CHECK(members[1].member == "b");
    REQUIRE(members[1].points.size() == 2);
    CHECK(members[1].points[1].score == 52.0);
    CHECK(sessions == 2);  // 1 and 3
}

TEST_CASE("split_pictures: one per unit, in the units' byte order, the rows without a unit in none") {
    const std::vector<std::optional<std::string_view>> unit{"u2", "u2", "u1", std::nullopt, "u1"};
    const std::vector<std::optional<std::string_view>> session{"1", "1", "1", "1", "2"};
    const std::vector<std::optional<std::string_view>> member{"a", "b", "a", "a", "a"};
    const std::vector<score_cell> score{{cell_kind::number, 1, "1"}, {cell_kind::number, 2, "2"},
                                        {cell_kind::number, 3, "3"}, {cell_kind::number, 4, "4"},
                                        {cell_kind::number, 5, "5"}};
    plot::split_options look;
    look.title = "couple";
    const std::vector<picture> all = split_pictures({unit, session, member, score}, look);
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "u1");
    CHECK(all[1].name == "u2");
    CHECK(all[0].svg.find("<title>couple u1</title>") != std::string::npos);
    const std::vector<std::string> only{"u2"};
    const std::vector<picture> chosen = split_pictures({unit, session, member, score}, look, only);
    REQUIRE(chosen.size() == 1);
    CHECK(chosen[0].svg == all[1].svg);
}

TEST_CASE("track_block draws every client's trajectory, or the chosen ones, titled by client") {
    const std::vector<std::optional<std::string_view>> client{"b", "a", "a"};
    const std::vector<std::optional<std::string_view>> session{"1", "2", "1"};
    const std::vector<row_status> status(3, row_status::ok);
    const std::vector<std::string_view> message(3);
    const std::vector<double> score{30, 34, 38};
    track_settings settings;
    settings.client_column = "client";
    settings.session_column = "session";
    settings.pictures = trajectory_pictures{plot::trajectory_options{}, {}};
    settings.pictures->look.title = "SRS";
    const row_naming rows{};
    const track_table table = track_block({client, {session, {}}, status, message, score}, settings, rows);
    REQUIRE(table.pictures.size() == 2);
    CHECK(table.pictures[0].name == "a");
    CHECK(table.pictures[0].svg.find("<title>SRS: a</title>") != std::string::npos);
    CHECK(table.pictures[1].name == "b");
    settings.pictures->clients = {"b"};
    const track_table one = track_block({client, {session, {}}, status, message, score}, settings, rows);
    REQUIRE(one.pictures.size() == 1);
    CHECK(one.pictures[0].svg == table.pictures[1].svg);
}

TEST_CASE("change_points: the ok rows with their class and category, the first threshold and the cut-off") {
    change_request request;
    request.direction = "higher";
    request.given.sd_pre = 5;
    request.given.reliability = 0.8;
    request.cutoff_value = 25;
    const change_settings settings = resolve(request, direction_from("higher", binding_spelling), binding_spelling);
    const std::vector<double> pre{10, 20, std::nan(""), 24};
    const std::vector<double> post{30, 19, 15, 26};
    const change_block_result result = change_block(settings, pre, post);
    plot::change_plot_options look;
    const std::vector<plot::change_point> points = change_points(result, pre, post, look);
    REQUIRE(points.size() == 3);  // the row without a pre score is not ok: left out
    // SE of the difference: 5 sqrt(2) sqrt(1 - 0.8) = 3.162; threshold 1.96 x 3.162 = 6.198 points.
    REQUIRE(look.threshold);
    CHECK(*look.threshold == doctest::Approx(6.1981).epsilon(1e-4));
    CHECK(look.cutoff == 25.0);
    CHECK(points[0].classification == stats::change_class::improved);  // +20
    CHECK(points[0].category == stats::jt_category::recovered);         // and across 25
    CHECK(points[1].classification == stats::change_class::none);       // -1
    CHECK(points[2].pre == 24.0);
}
