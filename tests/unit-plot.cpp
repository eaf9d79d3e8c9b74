// SVG plots: structure checked here; tests/CMakeLists.txt then renders every file this
// program writes with rsvg-convert (test plot.render), which fails on malformed SVG.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/plot.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace alliance;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

void save(const std::string& name, const std::string& svg) {
    const std::filesystem::path dir(ALLIANCE_TEST_OUTPUT_DIR "/plots");
    std::filesystem::create_directories(dir);
    std::ofstream(dir / name) << svg;
}

}  // namespace

TEST_CASE("escape and tick helpers") {
    CHECK(plot::escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    CHECK(plot::tick_step(0, 40, 6) == 10);
    CHECK(plot::tick_step(0, 10, 6) == 2);
    CHECK(plot::tick_step(0, 1, 6) == 0.2);
    CHECK(plot::tick_label(0.30000000000000004, 0.1) == "0.3");
    CHECK(plot::px(1.0 / 3) == "0.33");
}

TEST_CASE("trajectory: one marker per scored session, rupture and repair drawn") {
    // 37 38 31 38 38: SD 3.03, 2 SD = 6.06 <= drop 7 at session 3, back at session 4
    const tracking::series client("c<1>", {{1, 37.0}, {2, 38.0}, {3, 31.0}, {4, 38.0}, {5, 38.0}, {6, std::nullopt}},
                                  stats::direction::higher_is_better);
    const tracking::v_episode_rule rule{.k = 2.0,
                                        .basis = tracking::sd_basis::within_client,
                                        .reference = tracking::reference_level::previous_session,
                                        .max_decline_sessions = 1,
                                        .repair_window = 2,
                                        .target = tracking::repair_target::pre_rupture_score,
                                        .repair_margin = 0.0,
                                        .min_sessions = 3};
    const auto episodes = tracking::find_episodes(client, rule);
    REQUIRE(episodes.episodes.size() == 1);
    const auto svg = plot::trajectory_svg(client, &episodes,
                                          {.title = "client <1>: SRS", .y_min = 0, .y_max = 40,
                                           .cutoff = instruments::srs_total_cutoff});
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("<title>client &lt;1&gt;: SRS</title>") != std::string::npos);
    CHECK(svg.find("flagged when &lt; 36") != std::string::npos);
    CHECK(svg.find(">R1<") != std::string::npos);
    CHECK(svg.find(">n/a<") != std::string::npos);  // session 6 has no score
    // 5 score markers + the repair ring + the legend's repair ring
    CHECK(count(svg, "<circle") == 7);
    CHECK(svg.find("<script") == std::string::npos);
    save("trajectory.svg", svg);
    // no episodes, no cut-off, range from the data
    save("trajectory-plain.svg", plot::trajectory_svg(client, nullptr, {.title = "plain"}));
}

TEST_CASE("Jacobson-Truax plot: a point per client, counts in the legend") {
    const std::vector<plot::change_point> points{
        {10, 30, stats::change_class::improved, stats::jt_category::recovered},
        {12, 14, stats::change_class::none, stats::jt_category::unchanged},
        {20, 12, stats::change_class::deteriorated, stats::jt_category::deteriorated},
        {8, 16, stats::change_class::improved, stats::jt_category::improved},
        {9, 17, stats::change_class::improved, stats::jt_category::improved}};
    const auto svg = plot::change_scatter_svg(points, {.title = "ORS", .axis_label = "ORS total", .min = 0,
                                                       .max = 40, .threshold = 5.5, .cutoff = 25});
    CHECK(svg.find("improved (2)") != std::string::npos);
    CHECK(svg.find("recovered (1)") != std::string::npos);
    CHECK(svg.find("|change| &lt; 5.5") != std::string::npos);
    CHECK(svg.find("cut-off 25") != std::string::npos);
    CHECK(count(svg, "<circle") == 5 + 4);  // points + legend swatches
    save("change.svg", svg);
    save("change-empty.svg", plot::change_scatter_svg({}, {.title = "no clients"}));
}

TEST_CASE("split: one line and one marker per member and session, members in the legend") {
    // Couple <b>: partner_a holds, partner_b falls, the therapist in between; partner_b has no
    // score at session 2 (its line still joins the points it has).
    const std::vector<plot::member_trajectory> members{
        {"partner_a", {{1, 187}, {2, 201}, {3, 195}}},
        {"partner_b", {{1, 195}, {3, 156}}},
        {"therapist & co", {{1, 187}, {2, 179}, {3, 181}}}};
    const auto svg = plot::split_svg(members, {.title = "couple <b>", .y_label = "WAI total", .y_min = 36, .y_max = 252});
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("<title>couple &lt;b&gt;</title>") != std::string::npos);
    CHECK(count(svg, "<polyline") == 3);
    // Markers: circles for member 1, squares for member 2, triangles for member 3, plus one of
    // each in the legend (the frame draws no circles or polygons).
    CHECK(count(svg, "<circle") == 3 + 1);
    CHECK(count(svg, "<polygon") == 3 + 1);
    CHECK(svg.find(">partner_b</text>") != std::string::npos);
    CHECK(svg.find(">therapist &amp; co</text>") != std::string::npos);
    CHECK(svg.find(">WAI total</text>") != std::string::npos);
    // Each member keeps its colour in its line and its legend entry.
    CHECK(count(svg, std::string(plot::member_colours[1])) >= 2 + 2);
    save("split-couple.svg", svg);

    // A member with a single point gets a marker and no line; no members still make a valid file.
    const auto lone = plot::split_svg({{"client", {{4, 30}}}, {"therapist", {{4, 44}}}}, {.title = "dyad"});
    CHECK(count(lone, "<polyline") == 0);
    save("split-dyad.svg", lone);
    const auto empty = plot::split_svg({}, {.title = "nobody"});
    CHECK(empty.find("</svg>") != std::string::npos);
    save("split-empty.svg", empty);
}
