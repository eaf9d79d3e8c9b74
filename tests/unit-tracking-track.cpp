// alliance/tracking/track.hpp: the options of `alliance track` and the per-client routine the
// command line and both bindings share. The expected rows are the hand-worked ones of
// tests/data/track-series.csv (its comments give every derivation); the messages are the
// command line's, spelled for it and for the bindings.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/key_file.hpp>
#include <alliance/tracking.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::tracking;

namespace {

// The fixture's lines (comments left out), each split at commas.
std::vector<std::vector<std::string>> fixture() {
    std::ifstream file(ALLIANCE_TEST_DATA_DIR "/track-series.csv");
    REQUIRE(file.good());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    bool header = true;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream fields(line);
        while (std::getline(fields, cell, ',')) cells.push_back(cell);
        if (line.back() == ',') cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}

// The fixture's rules: below-cutoff 25, drop 2 from the last scored, reliable drop SD 5 r .8
// (1.96), v-episode k 1 of an external SD 5 from the previous session.
track_options fixture_options() {
    track_options o;
    o.rules = {"below-cutoff", "drop", "reliable-drop", "v-episode"};
    o.cutoff_value = 25;
    o.cutoff_when = "below";
    o.drop_points = 2;
    o.previous = "last-scored";
    o.sd = 5;
    o.reliability = 0.8;
    o.critical_value = 1.96;
    o.k = std::string("strauss-2006");
    o.sd_basis = "external";
    o.external_sd = 5;
    o.reference = "previous-session";
    o.max_decline = 1;
    o.repair_window = 2;
    o.repair_target = "pre-rupture-score";
    o.repair_margin = 0;
    o.min_sessions = 2;
    return o;
}

const runtime_instrument& srs() {
    static const runtime_instrument instrument = *builtin_instrument("srs");  // with its published cut-off
    return instrument;
}

stats::critical_value no_quantile(double) {
    FAIL("the fixture gives the critical value");
    return stats::critical_value::literal(0);
}

track_rules rules_of(const track_options& options) {
    return resolve_rules(options, srs(), 0, metric::sum, no_quantile);
}

std::string number(const std::optional<double>& x) { return x ? alliance::detail::format_number(*x) : ""; }

std::string flag_text(std::uint16_t flags) {
    std::string text;
    for (const auto& [bit, name] : track_flag_names)
        if ((flags & bit) != 0) text += (text.empty() ? "" : ";") + std::string(name);
    return text;
}

// The fixture's rows through track_block: per row, what `alliance track` writes in the
// columns change, flags and episode..sessions_to_repair.
struct written {
    std::string change, flags, episodes;
};
std::vector<written> run(const track_options& options) {
    const auto rows = fixture();
    std::map<std::string, long long> codes;
    for (const auto& row : rows) codes.emplace(row[0], 0);
    std::vector<std::string> names;
    for (auto& [name, code] : codes) {
        code = static_cast<long long>(names.size());
        names.push_back(name);
    }
    std::vector<long long> client;
    std::vector<tracked_row> given;
    for (const auto& row : rows) {
        client.push_back(codes[row[0]]);
        // item1 is the score; h's two session-1 rows are usable (they are duplicates).
        given.push_back({std::stod(row[1]), row[2].empty() ? std::nullopt : std::optional<double>(std::stod(row[2])),
                         true});
    }
    const block_result block = track_block(client, given, names, direction::higher_is_better, rules_of(options));
    std::vector<written> out;
    for (const row_result& r : block.rows) {
        std::string episodes;
        if (r.repair_episode != 0) episodes = std::to_string(r.repair_episode) + " repair";
        if (r.rupture_episode != 0) {
            episodes += std::to_string(r.rupture_episode) + " rupture " +
                        (*r.status == repair_status::repaired ? "yes" : *r.status == repair_status::unrepaired ? "no" : "censored") +
                        " " + number(r.depth);
            if (r.sessions_to_repair) episodes += " " + std::to_string(*r.sessions_to_repair);
        }
        out.push_back({number(r.change), flag_text(r.flags), episodes});
    }
    return out;
}

// The fixture's episode columns (episode,event,repaired,depth,sessions_to_repair) as one text.
std::string episodes_of(const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 6; c <= 10; ++c)
        if (!row[c].empty()) text += (text.empty() ? "" : " ") + row[c];
    return text;
}

}  // namespace

TEST_CASE("track_block: the hand-worked rows of tests/data/track-series.csv") {
    const auto rows = fixture();
    REQUIRE(rows.size() == 31);
    const auto got = run(fixture_options());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        if (rows[i][11] == "error") {  // h's two session-1 rows: neither enters the series
            CHECK(got[i].flags.empty());
            continue;
        }
        CHECK(got[i].change == rows[i][4]);
        CHECK(got[i].flags == rows[i][5]);
        CHECK(got[i].episodes == episodes_of(rows[i]));
    }
}

TEST_CASE("track_block: the fixture's other options, worked out by hand") {
    const auto rows = fixture();
    track_options preceding = fixture_options();
    preceding.previous = "immediately-preceding";
    track_options inclusive = fixture_options();
    inclusive.cutoff_when = "at-or-below";
    track_options client_mean = fixture_options();
    client_mean.reference = "client-mean";
    client_mean.max_decline.reset();
    client_mean.repair_target = "reference";
    track_options margin = fixture_options();
    margin.repair_margin = 6;
    const auto by_preceding = run(preceding), by_inclusive = run(inclusive), by_mean = run(client_mean),
               by_margin = run(margin);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        if (rows[i][11] == "error") continue;
        CHECK(by_preceding[i].flags == rows[i][12]);
        CHECK(by_inclusive[i].flags == rows[i][13]);
        CHECK(by_mean[i].episodes == rows[i][14]);
        CHECK(by_margin[i].episodes == rows[i][15]);
    }
}

TEST_CASE("track_client: two usable rows with one session name each other and stay out of the series") {
    const std::vector<tracked_row> rows{{1, 30.0, true}, {1, 29.0, true}, {2, 31.0, true}, {3, std::nullopt, false}};
    const tracked_client track = track_client("h", rows, direction::higher_is_better, rules_of(fixture_options()));
    CHECK(track.rows[0].duplicate_of == std::optional<std::size_t>(1));
    CHECK(track.rows[1].duplicate_of == std::optional<std::size_t>(0));
    CHECK(track.in_series == std::vector<std::size_t>{2});
    CHECK(track.summary.about.sessions == 1);
    CHECK(track.summary.pattern == client_pattern::not_evaluated);
    CHECK_FALSE(track.summary.ruptures.has_value());  // not evaluated: no counts
    CHECK(track.summary.drops == 0);
}

TEST_CASE("the options' problems, in the command line's and the bindings' words") {
    const auto message = [](const track_options& options, const option_spelling& spell) {
        try {
            (void)resolve_rules(options, srs(), 0, metric::sum, no_quantile, spell);
        } catch (const domain_error& e) {
            return e.id() + " " + e.message();
        }
        return std::string("no error");
    };
    track_options o;
    o.rules = {"dip"};
    CHECK(message(o, command_line_spelling) ==
          "alliance.track.option --rule: unknown rule 'dip'; the rules are below-cutoff, drop, reliable-drop, v-episode");
    o.rules = {};
    o.drop_points = 2;
    CHECK(message(o, command_line_spelling) == "alliance.track.option --drop-points is for --rule drop; add that rule");
    CHECK(message(o, binding_spelling) == "alliance.track.option drop_points is for rule 'drop'; add that rule");
    o.rules = {"drop"};
    CHECK(message(o, binding_spelling) ==
          "alliance.track.option rule 'drop' needs previous (no default: see 'alliance track --help' and "
          "docs/tracking.md)");
    o.previous = "last";
    CHECK(message(o, command_line_spelling) ==
          "alliance.track.option --previous expects last-scored, immediately-preceding, not 'last'");
    o = fixture_options();
    o.rules = {"v-episode"};
    o.cutoff_value.reset();
    o.cutoff_when.reset();
    o.drop_points.reset();
    o.previous.reset();
    o.sd.reset();
    o.reliability.reset();
    o.critical_value.reset();
    o.summary = true;
    CHECK(message(o, command_line_spelling).find("--rule v-episode needs --pattern") != std::string::npos);
    o.pattern = "last-episode";
    o.max_decline = 1.5;
    CHECK(message(o, command_line_spelling) ==
          "alliance.track.option --max-decline expects a whole number of at least 1, not '1.5'");
    o.max_decline = 1;
    o.k = std::string("steep");
    CHECK(message(o, binding_spelling) ==
          "alliance.track.option k expects a number, 'stiles-2004' or 'strauss-2006', not 'steep'");
    o.k = -1.0;
    CHECK(message(o, command_line_spelling).find("alliance.tracking.k_not_positive") == 0);
    // below-cutoff: the SRS's published cut-off is for its sum
    track_options below;
    below.rules = {"below-cutoff"};
    CHECK(resolve_rules(below, srs(), 0, metric::sum, no_quantile).below->rule.id == "srs-total-36");
    CHECK_THROWS_WITH_AS((void)resolve_rules(below, srs(), 0, metric::mean, no_quantile),
                         "[alliance.track.option] the cut-off srs-total-36 is for the scale's sum; drop --metric or "
                         "give --cutoff-value",
                         domain_error);
    CHECK(tracked_scale(srs(), std::nullopt) == 0);
    CHECK_THROWS_WITH_AS((void)tracked_scale(srs(), std::string("bond"), binding_spelling),
                         "[alliance.track.option] scale: no scale 'bond' in srs; its scales are total", domain_error);
}

// A key file's published data travel with its instrument: its own cut-off and norms are the ones
// below-cutoff and reliable-drop use, and a key file that reuses a built-in's id ("srs") gets
// none of the built-in's (regression: track looked the cut-off up in the catalogue by id).
TEST_CASE("below-cutoff and --norm use the instrument's own published data, never a built-in's by id") {
    const std::string key_head = R"({"format": "alliance-key-file/1", "id": "srs", "name": "a lab's SRS",
        "response_scale": {"type": "analogue", "min": 0, "max": 10, "resolution": 0.1},
        "item_count": 4, "scoring": {"metric": "sum", "missing": {"rule": "all_required"}},
        "scales": [], "total": {"name": "total"})";
    const key_file own = parse_key_file(key_head + R"(,
        "cutoffs": [{"id": "lab-srs-30", "scale": "total", "value": 30, "flag_when": "at_or_below"}],
        "norms": [{"id": "lab-srs-clinic", "scale": "total", "n": 50, "mean": 33, "sd": 4,
                   "reliability": {"value": 0.9, "kind": "alpha"}}]})");
    const key_file bare = parse_key_file(key_head + "}");
    track_options below;
    below.rules = {"below-cutoff"};
    const track_rules rules = resolve_rules(below, own.instrument(), 0, metric::sum, no_quantile);
    CHECK(rules.below->rule.id == "lab-srs-30");
    CHECK(rules.below->rule.value == 30);
    CHECK(rules.below->rule.when == flag_when::at_or_below);
    CHECK_THROWS_WITH_AS((void)resolve_rules(below, bare.instrument(), 0, metric::sum, no_quantile),
                         "[alliance.track.option] srs has no cut-off for scale 'total'; give --cutoff-value X and "
                         "--cutoff-when below|at-or-below|above|at-or-above",
                         domain_error);
    below.cutoff_id = "srs-total-36";  // the built-in's id names nothing in the key file
    CHECK_THROWS_WITH_AS((void)resolve_rules(below, own.instrument(), 0, metric::sum, no_quantile),
                         "[alliance.track.option] --cutoff-id: no cut-off 'srs-total-36' for this instrument; it has "
                         "lab-srs-30",
                         domain_error);

    track_options reliable;
    reliable.rules = {"reliable-drop"};
    reliable.previous = "last-scored";
    reliable.critical_value = 1.96;
    reliable.norm = "lab-srs-clinic";
    const track_rules from_norm = resolve_rules(reliable, own.instrument(), 0, metric::sum, no_quantile);
    CHECK(from_norm.reliable->sd == 4);
    CHECK(from_norm.reliable->reliability == 0.9);
    REQUIRE(from_norm.norm_used != nullptr);
    CHECK(from_norm.norm_used->id == "lab-srs-clinic");
    reliable.norm = "core-10-uk-general-population-2007";  // a built-in norm of another instrument
    CHECK_THROWS_WITH_AS((void)resolve_rules(reliable, own.instrument(), 0, metric::sum, no_quantile),
                         "[alliance.track.option] --norm: no norm 'core-10-uk-general-population-2007' for srs; it "
                         "has lab-srs-clinic",
                         domain_error);
    CHECK_THROWS_WITH_AS((void)resolve_rules(reliable, bare.instrument(), 0, metric::sum, no_quantile),
                         "[alliance.track.option] --norm: no norm 'core-10-uk-general-population-2007' for srs (it "
                         "has none)",
                         domain_error);
}
