// Key files: the loader, its errors, and the exporter. Every built-in instrument is exported to
// key-file JSON and loaded back, and both routes must give identical scores on random records.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/key_file.hpp>

#include <sys/stat.h>

#include <cstddef>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using namespace alliance;
namespace ins = alliance::instruments;

const std::string keys_dir = std::string(ALLIANCE_TEST_DATA_DIR) + "/keys/";

void check_same_definition(const instrument_definition& a, const instrument_definition& b) {
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.form == b.form);
    CHECK(a.citation == b.citation);
    CHECK(a.licence == b.licence);
    CHECK(a.verification == b.verification);
    CHECK(a.response_format == b.response_format);
    CHECK(a.item_count == b.item_count);
    CHECK(a.reversed == b.reversed);
    REQUIRE(a.scales.size() == b.scales.size());
    for (std::size_t i = 0; i < a.scales.size(); ++i) {
        CAPTURE(a.scales[i].name);
        CHECK(a.scales[i].name == b.scales[i].name);
        CHECK(a.scales[i].items == b.scales[i].items);
        CHECK(a.scales[i].role == b.scales[i].role);
        CHECK(a.scales[i].metric == b.scales[i].metric);
        CHECK(a.scales[i].missing.kind == b.scales[i].missing.kind);
        CHECK(a.scales[i].missing.count == b.scales[i].missing.count);
        CHECK(a.scales[i].missing.fraction == b.scales[i].missing.fraction);
        CHECK(a.scales[i].missing_source == b.scales[i].missing_source);
    }
}

// A random record for `def`: values on the scale's grid, some missing, some "does not apply"
// where the scale offers it.
std::vector<response> random_record(const instrument_view& def, std::mt19937& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double missing_rate = unit(rng) < 0.5 ? 0.0 : unit(rng) * 0.4;
    std::vector<response> record;
    for (std::size_t i = 0; i < def.item_count; ++i) {
        const double u = unit(rng);
        if (u < missing_rate) {
            record.push_back(def.response_format.allows_not_applicable && u < missing_rate / 2 ? not_applicable : missing);
            continue;
        }
        const auto steps = static_cast<int>((def.response_format.max - def.response_format.min) / def.response_format.resolution + 0.5);
        std::uniform_int_distribution<int> step(0, steps);
        // min + k x resolution, as the decimal it stands for (34 x 0.1 is 3.4, not the binary
        // product 3.4000000000000004, which is off the 0.1 grid). Built-in resolutions are 1/n.
        const double per_point = std::round(1.0 / def.response_format.resolution);
        record.push_back((def.response_format.min * per_point + step(rng)) / per_point);
    }
    return record;
}

template <class Compiled>
void check_two_routes(const Compiled& compiled) {
    const std::string_view id = compiled.id();
    CAPTURE(id);
    const catalogue_entry* entry = find_instrument(id);
    REQUIRE(entry != nullptr);
    const std::string json = to_key_file_json(*entry);
    const key_file loaded = parse_key_file(json, std::string(id) + ".json");

    check_same_definition(definition_of(compiled.view()), loaded.instrument().definition());
    // Exporting what was loaded writes the same text: nothing is lost or reordered.
    CHECK(to_key_file_json(loaded.entry()) == json);
    REQUIRE(loaded.cutoffs().size() == entry->cutoffs.size());
    for (std::size_t i = 0; i < entry->cutoffs.size(); ++i) {
        CHECK(loaded.cutoffs()[i].id == entry->cutoffs[i].id);
        CHECK(loaded.cutoffs()[i].value == entry->cutoffs[i].value);
        CHECK(loaded.cutoffs()[i].when == entry->cutoffs[i].when);
    }
    REQUIRE(loaded.norms().size() == entry->norms.size());
    for (std::size_t i = 0; i < entry->norms.size(); ++i) {
        CHECK(loaded.norms()[i].id == entry->norms[i].id);
        CHECK(loaded.norms()[i].mean == entry->norms[i].mean);
        CHECK(loaded.norms()[i].sd == entry->norms[i].sd);
        CHECK(loaded.norms()[i].n == entry->norms[i].n);
        CHECK(loaded.norms()[i].reliability == entry->norms[i].reliability);
        CHECK(loaded.norms()[i].confidence == entry->norms[i].confidence);
    }
    REQUIRE(loaded.severity().size() == entry->severity.size());

    // One key, two routes, same numbers.
    std::mt19937 rng(20240517u);
    for (int r = 0; r < 500; ++r) {
        const auto record = random_record(compiled.view(), rng);
        const auto a = score(compiled, std::span<const response>(record));
        const auto b = score(loaded.instrument(), std::span<const response>(record));
        REQUIRE(a.size() == b.size());
        for (std::size_t s = 0; s < a.size(); ++s) {
            CHECK(a[s].name() == b[s].name());
            CHECK(a[s].status() == b[s].status());
            CHECK(a[s].answered() == b[s].answered());
            if (a[s].has_score()) {
                CHECK(a[s].sum() == b[s].sum());
                CHECK(a[s].mean() == b[s].mean());
            }
        }
    }
}

}  // namespace

TEST_CASE("every built-in instrument: export to a key file, load it back, identical scores") {
    std::apply([](const auto&... compiled) { (check_two_routes(compiled), ...); },
               std::tie(ins::wai_sr, ins::wai_36_c, ins::wai_36_t, ins::wai_s_c, ins::srs, ins::csrs, ins::gsrs, ins::haq_ii, ins::care, ins::ors, ins::cors,
                        ins::core_om, ins::core10, ins::phq9, ins::gad7));
    CHECK(catalogue().size() == 15);  // a new built-in must be added to the list above
}

TEST_CASE("a complete key file: defaults, per-scale rules, a total, norms, cut-offs and bands") {
    const key_file file = read_key_file(keys_dir + "valid-test-scale.json");
    const runtime_instrument& inst = file.instrument();
    CHECK(inst.id() == "test-scale");
    CHECK(inst.about().form == form::therapist);
    CHECK(inst.response_format() == likert(1, 5));
    CHECK(inst.item_count() == 12);
    CHECK(inst.is_reversed(2));
    CHECK(inst.is_reversed(7));
    CHECK_FALSE(inst.is_reversed(1));
    REQUIRE(inst.scales().size() == 4);
    CHECK(inst.scales()[0].missing == missing_rule::prorate_min_answered(3, "test rule"));
    CHECK(inst.scales()[1].missing == missing_rule::all_required());  // from "scoring"
    CHECK(inst.scales()[1].metric == metric::mean);
    CHECK(inst.scales()[2].missing.kind == missing_rule_kind::prorate_min_fraction);
    CHECK(inst.scales()[2].missing.fraction == 0.75);
    CHECK(inst.scales()[3].role == scale_role::total);
    CHECK(inst.scales()[3].count == 12);

    // Items 1..12 answered 1..5 cyclically: 1 2 3 4 5 1 2 3 4 5 1 2; items 2 and 7 reversed as
    // 6 - x: item 2 (2) -> 4, item 7 (2) -> 4.
    //   first  = 1 + 4 + 3 + 4 = 12;  second = (5 + 1 + 4 + 3) = 13, mean 3.25
    //   third  = 4 + 5 + 1 + 2 = 12;  total = 12 + 13 + 12 = 37
    const auto s = score(inst, {1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2});
    CHECK(s["first"].sum() == 12);
    CHECK(s["second"].mean() == 3.25);
    CHECK(s["second"].reported_value() == 3.25);
    CHECK(s["third"].sum() == 12);
    CHECK(s["total"].sum() == 37);
    // Item 3 and item 9 missing: "first" has 3 of 4 (its rule's boundary), "third" 3 of 4 =
    // 0.75 (its boundary), the total 10 of 12 (at most 2 missing: the boundary).
    const auto m = score(inst, {1, 2, missing, 4, 5, 1, 2, 3, missing, 5, 1, 2});
    CHECK(m["first"].status() == score_status::prorated);
    CHECK(m["first"].sum() == doctest::Approx(9.0 / 3 * 4));    // (1 + 4 + 4) / 3 x 4
    CHECK(m["third"].status() == score_status::prorated);
    CHECK(m["third"].sum() == doctest::Approx(8.0 / 3 * 4));    // (5 + 1 + 2) / 3 x 4
    CHECK(m["second"].status() == score_status::complete);
    CHECK(m["total"].status() == score_status::prorated);
    CHECK(m["total"].sum() == doctest::Approx(30.0 / 10 * 12));  // 37 - 3 - 4 = 30 over 10
    // One more missing in each: every rule refuses.
    const auto n = score(inst, {1, missing, missing, 4, 5, 1, 2, 3, missing, missing, 1, 2});
    CHECK(n["first"].status() == score_status::insufficient);
    CHECK(n["third"].status() == score_status::insufficient);
    CHECK(n["total"].status() == score_status::insufficient);

    REQUIRE(file.cutoffs().size() == 1);
    CHECK(file.cutoffs()[0].instrument == "test-scale");
    CHECK(file.cutoffs()[0].when == flag_when::at_or_below);
    CHECK(flags(file.cutoffs()[0], 30));
    REQUIRE(file.norms().size() == 1);
    CHECK(file.norms()[0].edition == 2);
    CHECK(file.norms()[0].n == 50);
    CHECK(file.norms()[0].reliability == reliability_estimate{0.8, reliability_kind::test_retest});
    CHECK(file.norms()[0].confidence == confidence::low);
    REQUIRE(file.severity().size() == 1);
    CHECK(classify(file.severity()[0], 37)->label == "high");
    CHECK(file.entry().definition.about.id == "test-scale");
    CHECK(file.source() == keys_dir + "valid-test-scale.json");

    // Copies share the loaded data; views stay valid after the original is gone.
    std::vector<key_file> copies;
    { copies.push_back(read_key_file(keys_dir + "valid-test-scale.json")); }
    CHECK(copies[0].norms()[0].id == "test-norm");
}

TEST_CASE("the example key file in examples/keys loads and scores") {
    const runtime_instrument lab = load_key_file(std::string(ALLIANCE_SOURCE_DIR) + "/examples/keys/example-lab-alliance.json");
    CHECK(lab.id() == "example-lab-alliance");
    REQUIRE(lab.scales().size() == 3);
    // 7-point scale, items 3 and 6 reversed as 8 - x. Answers 6 6 2 7 5 3 6 6: bond = (6 + 6 + 6 +
    // 7) / 4 = 6.25, collaboration = (5 + 5 + 6 + 6) / 4 = 5.5, total mean 47 / 8 = 5.875.
    const auto s = score(lab, {6, 6, 2, 7, 5, 3, 6, 6});
    CHECK(s["bond"].reported_value() == 6.25);
    CHECK(s["collaboration"].reported_value() == 5.5);
    CHECK(s["total"].reported_value() == 5.875);
}

// Published data travel with the instrument by value: a built-in carries the catalogue's records,
// a key file its own, and a key file reusing a built-in's id nothing of the built-in's.
TEST_CASE("an instrument carries its own cut-offs, norms and bands; a reused built-in id brings none") {
    const runtime_instrument phq9 = *builtin_instrument("phq-9");
    REQUIRE(find_instrument("phq-9") != nullptr);
    CHECK(phq9.cutoffs().size() == find_instrument("phq-9")->cutoffs.size());
    CHECK(phq9.severity().size() == find_instrument("phq-9")->severity.size());
    CHECK_FALSE(phq9.severity().empty());
    CHECK_FALSE(builtin_instrument("phq-10").has_value());
    const runtime_instrument key_only = to_runtime(instruments::phq9);
    CHECK(key_only.cutoffs().empty());  // a bare key has no records

    // The built-in's key exported alone and read back under the same id: no records at all.
    const runtime_instrument bare = load_key_file_from_string(to_key_file_json(phq9.view()), "bare.json");
    CHECK(bare.id() == "phq-9");
    CHECK(bare.cutoffs().empty());
    CHECK(bare.norms().empty());
    CHECK(bare.severity().empty());
    // Exported with its records, it reads back with the same records, which outlive the file object.
    const runtime_instrument full = load_key_file_from_string(to_key_file_json(phq9), "full.json");
    REQUIRE(full.cutoffs().size() == phq9.cutoffs().size());
    CHECK(full.cutoffs()[0].id == phq9.cutoffs()[0].id);
    CHECK(full.cutoffs()[0].instrument == "phq-9");
    REQUIRE(full.severity().size() == phq9.severity().size());
    CHECK(full.severity()[0].bands.size() == phq9.severity()[0].bands.size());
    CHECK(full.severity()[0].bands.back().label == phq9.severity()[0].bands.back().label);
    CHECK(to_key_file_json(full) == to_key_file_json(phq9));

    // A record on a scale the instrument lacks is refused by the instrument itself.
    const cutoff stray{.id = "stray", .instrument = "x", .scale = "bond", .value = 3};
    CHECK_THROWS_WITH_AS(runtime_instrument(bare.definition(), published_data{std::span(&stray, 1), {}, {}, {}}),
                         "[alliance.definition.unknown_published_scale] instrument 'phq-9': the cut-off 'stray' is on "
                         "scale 'bond', which the instrument does not have",
                         definition_error);
}

TEST_CASE("the exporter: a closing total is written as 'total', other totals keep their role") {
    // The total over every item is written without its item list.
    const std::string srs = to_key_file_json(instruments::srs.view());
    CHECK(srs.find("\"total\": {\n    \"name\": \"total\",\n    \"metric\"") != std::string::npos);
    CHECK(srs.find("\"cutoffs\"") == std::string::npos);  // only what was passed in
    // A total in the middle of the list stays there, marked by its role.
    instrument_definition def;
    def.id = "middle";
    def.name = "Total in the middle";
    def.response_format = likert(0, 3);
    def.item_count = 4;
    def.scales = {{"overall", {1, 2, 3, 4}, scale_role::total, missing_rule::all_required(), "", metric::mean},
                  {"part", {1, 2}, scale_role::subscale, missing_rule::all_required(), "", metric::sum}};
    const runtime_instrument inst(def);
    const std::string json = to_key_file_json(inst.view());
    CHECK(json.find("\"role\": \"total\"") != std::string::npos);
    const auto back = load_key_file_from_string(json, "middle.json");
    check_same_definition(inst.definition(), back.definition());
}

TEST_CASE("malformed key files: each error names the file, the field and what is wrong") {
    struct expectation {
        const char* file;
        const char* id;
        const char* field;
        const char* says;
    };
    // Structural problems come from the core validator (alliance.definition.*); the loader adds
    // the JSON path.
    const expectation cases[] = {
        {"bad-json.json", "alliance.key_file.bad_json", "", "not valid JSON: parse error at line 5, column 1"},
        {"trailing-comma.json", "alliance.key_file.bad_json", "", "not valid JSON: parse error at line 1, column 42"},
        {"empty.json", "alliance.key_file.bad_json", "", "unexpected end of input"},
        // Regression (found by fuzz_key_file): nlohmann reports a number too large for a double
        // as out_of_range, not parse_error; it escaped the loader as a foreign exception.
        {"number-overflow.json", "alliance.key_file.bad_json", "", "number overflow parsing '733e484'"},
        {"not-an-object.json", "alliance.key_file.wrong_type", "", "expected an object, got an array"},
        {"too-deep.json", "alliance.key_file.too_deep", "", "nesting deeper than 16 levels"},
        {"duplicate-field.json", "alliance.key_file.duplicate_field", "item_count", "appears twice"},
        {"unsupported-format.json", "alliance.key_file.unsupported_format", "format", "'alliance-key-file/2' is not supported"},
        {"missing-id.json", "alliance.key_file.missing_field", "id", "required field is missing"},
        {"missing-scales.json", "alliance.key_file.missing_field", "scales", "required field is missing"},
        {"norm-missing-mean.json", "alliance.key_file.missing_field", "norms[0].mean", "required field is missing"},
        {"rule-without-count.json", "alliance.key_file.missing_field", "scales[0].missing.count", "required field is missing"},
        {"analogue-without-resolution.json", "alliance.key_file.missing_field", "response_scale.resolution", "required"},
        {"unknown-field.json", "alliance.key_file.unknown_field", "scales[2].itmes", "unknown field; allowed here: name, items"},
        {"unknown-top-field.json", "alliance.key_file.unknown_field", "subscales", "unknown field"},
        {"rule-extra-count.json", "alliance.key_file.unknown_field", "scales[0].missing.count", "rule 'all_required' takes no count"},
        {"unknown-metric.json", "alliance.key_file.unknown_value", "scales[1].metric", "unknown metric 'median'; expected one of sum, mean"},
        {"unknown-rule.json", "alliance.key_file.unknown_value", "scales[0].missing.rule", "unknown missing-item rule 'impute_median'"},
        {"unknown-form.json", "alliance.key_file.unknown_value", "form", "unknown form 'parent'"},
        {"unknown-scale-type.json", "alliance.key_file.unknown_value", "response_scale.type", "unknown response scale type 'ordinal'"},
        {"cutoff-unknown-flag.json", "alliance.key_file.unknown_value", "cutoffs[0].flag_when", "unknown flag_when 'under'"},
        {"wrong-type-items.json", "alliance.key_file.wrong_type", "scales[0].items", "expected an array, got a string"},
        {"wrong-type-item-number.json", "alliance.key_file.wrong_type", "scales[0].items[1]", "expected a whole number, got a string"},
        {"fractional-item-number.json", "alliance.key_file.wrong_type", "scales[0].items[1]", "expected a whole number, got a number with a fraction"},
        {"wrong-type-item-count.json", "alliance.key_file.wrong_type", "item_count", "expected a whole number, got a string"},
        {"wrong-type-name.json", "alliance.key_file.wrong_type", "name", "expected a string, got an integer"},
        {"wrong-type-scale-min.json", "alliance.key_file.wrong_type", "response_scale.min", "expected a number, got a string"},
        {"wrong-type-not-applicable.json", "alliance.key_file.wrong_type", "response_scale.not_applicable", "expected true or false"},
        {"item-number-too-large.json", "alliance.key_file.bad_value", "scales[0].items[3]", "99999999999 is not an item number"},
        {"negative-item-count.json", "alliance.key_file.bad_value", "item_count", "-3 is not an item count (0..10000)"},
        {"too-many-items.json", "alliance.key_file.bad_value", "item_count", "20000 is not an item count"},
        {"empty-id.json", "alliance.definition.missing_id", "id", "an instrument definition has no id"},
        {"zero-items.json", "alliance.definition.no_items", "item_count", "the instrument has no items"},
        {"no-scales.json", "alliance.definition.no_scales", "scales", "the instrument defines no scale"},
        {"bad-response-scale.json", "alliance.definition.bad_response_scale", "response_scale", "response scale Likert 5..1 is malformed"},
        {"fractional-likert.json", "alliance.definition.bad_response_scale", "response_scale", "Likert 0.5..5 is malformed"},
        {"item-out-of-range.json", "alliance.definition.item_out_of_range", "scales[1].items[3]", "scale 'second': item 13 is outside 1..12"},
        {"item-zero.json", "alliance.definition.item_out_of_range", "scales[0].items[0]", "item 0 is outside 1..12"},
        {"duplicate-item.json", "alliance.definition.duplicate_item", "scales[0].items[2]", "scale 'first': item 2 is listed twice"},
        {"reversed-out-of-range.json", "alliance.definition.reversed_out_of_range", "reversed[1]", "reversed item 14 is outside 1..12"},
        {"duplicate-reversed.json", "alliance.definition.duplicate_reversed", "reversed[2]", "reversed item 2 is listed twice"},
        {"empty-scale.json", "alliance.definition.empty_scale", "scales[1].items", "scale 'second': the scale lists no items"},
        {"unnamed-scale.json", "alliance.definition.unnamed_scale", "scales[1].name", "a scale has no name"},
        {"duplicate-scale-name.json", "alliance.definition.duplicate_scale_name", "scales[2].name", "two scales share this name"},
        {"rule-too-strict.json", "alliance.definition.bad_missing_rule", "scales[0].missing",
         "rule 'prorate if at least 5 of 4 answered' does not fit a scale of 4 items"},
        {"default-rule-too-strict.json", "alliance.definition.bad_missing_rule", "scoring.missing",
         "scale 'second': missing-item rule 'prorate if at most 4 of 4 missing' does not fit"},
        {"total-rule-too-strict.json", "alliance.definition.bad_missing_rule", "total.missing", "replace up to 12 of 12"},
        {"bad-fraction.json", "alliance.definition.bad_missing_rule", "scales[2].missing", "at least 1.5 of 4"},
        {"norm-bad-sd.json", "alliance.norm.sd_not_positive", "norms[0].sd", "the SD must be a finite number above 0"},
        {"norm-bad-reliability.json", "alliance.norm.bad_reliability", "norms[0].reliability", "must lie in (0, 1]"},
        {"norm-unknown-scale.json", "alliance.key_file.unknown_scale", "norms[0].scale",
         "the instrument has no scale 'fourth'; its scales are first, second, third, total"},
        {"cutoff-unknown-scale.json", "alliance.key_file.unknown_scale", "cutoffs[0].scale", "no scale 'Total'"},
        {"duplicate-norm-id.json", "alliance.key_file.duplicate_id", "norms[1].id", "id 'test-norm' is used twice"},
        {"bands-overlap.json", "alliance.severity.overlap", "severity_bands[0].bands[1]", "without overlapping"},
        {"bands-empty.json", "alliance.severity.no_bands", "severity_bands[0].bands", "lists no bands"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const std::string path = keys_dir + c.file;
        try {
            (void)read_key_file(path);
            FAIL("no error for " << c.file);
        } catch (const key_file_error& e) {
            CHECK(e.id() == c.id);
            CHECK(e.source() == path);
            CHECK(e.field() == c.field);
            const std::string what = e.what();
            CHECK(what.rfind("[" + std::string(c.id) + "] key file '" + path + "'", 0) == 0);
            if (*c.field) CHECK(what.find("field '" + std::string(c.field) + "': ") != std::string::npos);
            CHECK_MESSAGE(what.find(c.says) != std::string::npos, what);
        }
    }
    // A key_file_error is a definition_error, so callers can catch either.
    CHECK_THROWS_AS((void)load_key_file(keys_dir + "duplicate-item.json"), definition_error);
}

TEST_CASE("one full error message, as a user sees it") {
    CHECK_THROWS_WITH_AS(
        (void)load_key_file_from_string(R"({"id": "lab", "name": "Lab scale",
            "response_scale": {"type": "likert", "min": 1, "max": 7}, "item_count": 36,
            "scales": [{"name": "task", "items": [2, 4, 7, 37]}]})",
                                        "lab.json"),
        "[alliance.definition.item_out_of_range] key file 'lab.json', field 'scales[0].items[3]': "
        "instrument 'lab', scale 'task': item 37 is outside 1..36",
        key_file_error);
}

TEST_CASE("a file that cannot be read is named in the error") {
    CHECK_THROWS_WITH_AS((void)load_key_file(keys_dir + "no-such-file.json"),
                         ("[alliance.key_file.unreadable] key file '" + keys_dir +
                          "no-such-file.json': cannot read the file: No such file or directory")
                             .c_str(),
                         key_file_error);
}

// Regression: a directory was reported as "not valid JSON: ... unexpected end of input",
// and /dev/zero was read until std::bad_alloc.
TEST_CASE("regression: a directory or an endless file is named as such, not as bad JSON") {
    CHECK_THROWS_WITH_AS((void)load_key_file(keys_dir),
                         ("[alliance.key_file.unreadable] key file '" + keys_dir + "': cannot read the file: it is a "
                          "directory").c_str(),
                         key_file_error);
    CHECK_THROWS_WITH_AS((void)load_key_file("/dev/zero"),
                         "[alliance.key_file.too_large] key file '/dev/zero': the file is larger than 1048576 bytes, "
                         "the most a key file may have (a key file is a few kilobytes; is this the right file?)",
                         key_file_error);
}

// An embedding interpreter asks for regular files only: opening a FIFO would block it until a
// writer comes, and a device is never a key file. The command line still reads a pipe.
TEST_CASE("key_file_source::regular_only refuses a FIFO and a device before opening them") {
    const std::string fifo = (std::filesystem::temp_directory_path() / "alliance-unit-key-fifo").string();
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH_AS((void)load_key_file(fifo, key_file_source::regular_only),
                         ("[alliance.key_file.unreadable] key file '" + fifo +
                          "': cannot read the file: it is a FIFO (named pipe), not a regular file").c_str(),
                         key_file_error);
    std::filesystem::remove(fifo);
    CHECK_THROWS_WITH_AS((void)load_key_file("/dev/null", key_file_source::regular_only),
                         "[alliance.key_file.unreadable] key file '/dev/null': cannot read the file: it is a "
                         "character device, not a regular file",
                         key_file_error);
    CHECK_THROWS_WITH_AS((void)load_key_file(keys_dir, key_file_source::regular_only),
                         doctest::Contains("cannot read the file: it is a directory"), key_file_error);
    // A regular file is read as before, and a missing one keeps the system's reason.
    CHECK_THROWS_WITH_AS((void)load_key_file(keys_dir + "no-such-file.json", key_file_source::regular_only),
                         doctest::Contains("No such file or directory"), key_file_error);
}

// Regression: scales "bond" and "Bond" both gave the columns bond_sum, bond_mean, ...
TEST_CASE("regression: scales whose names give the same column names are refused, naming both") {
    const auto with_scales = [](std::string_view a, std::string_view b) {
        return R"({"id": "lab", "name": "Lab", "response_scale": {"type": "likert", "min": 1, "max": 5},
            "item_count": 2, "scales": [{"name": ")" + std::string(a) + R"(", "items": [1]},
            {"name": ")" + std::string(b) + R"(", "items": [2]}]})";
    };
    CHECK_THROWS_WITH_AS((void)load_key_file_from_string(with_scales("bond", "Bond"), "lab.json"),
                         "[alliance.key_file.colliding_scale_names] key file 'lab.json', field 'scales[1].name': "
                         "scale 'Bond' and scale 'bond' (scales[0]) give the same column names 'bond_sum', "
                         "'bond_mean', ...; rename one of them",
                         key_file_error);
    CHECK_THROWS_WITH_AS((void)load_key_file_from_string(with_scales("a b", "a_b"), "lab.json"),
                         doctest::Contains("scale 'a_b' and scale 'a b' (scales[0]) give the same column names "
                                           "'a_b_sum'"),
                         key_file_error);
    // The same name twice is the validator's own error, with its own id.
    CHECK_THROWS_WITH_AS((void)load_key_file_from_string(with_scales("bond", "bond"), "lab.json"),
                         doctest::Contains("[alliance.definition.duplicate_scale_name]"), key_file_error);
    const runtime_instrument distinct = load_key_file_from_string(with_scales("bond", "Bond2"));
    CHECK(distinct.scales().size() == 2);
    CHECK(column_stem("Emotional Bond-2") == "emotional_bond_2");
    CHECK(column_stem("\xc3\xa9") == "__");  // bytes of a non-ASCII letter: one '_' each
}

TEST_CASE("minimal key file: only the required fields") {
    const auto inst = load_key_file_from_string(
        R"({"id": "mini", "name": "Minimal", "response_scale": {"type": "analogue", "min": 0, "max": 100,
            "resolution": 0.5}, "item_count": 2, "scales": [], "total": {}})");
    CHECK(inst.about().form == form::client);
    CHECK(inst.reversed_items().empty());
    REQUIRE(inst.scales().size() == 1);
    CHECK(inst.scales()[0].name == "total");
    CHECK(inst.scales()[0].missing == missing_rule::all_required());
    CHECK(score(inst, {12.5, 50})["total"].sum() == 62.5);
    // Text from a string is named "<string>" unless the caller names it.
    CHECK_THROWS_WITH_AS((void)load_key_file_from_string("{"), doctest::Contains("key file '<string>'"), key_file_error);
}
