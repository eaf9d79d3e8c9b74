// The driver's external sort (tools/alliance/io/external_sort.hpp), which track, split and plot
// use to group rows: whatever the budget and the merge's fan-in, the records come out in the
// order of an in-memory stable sort (equal records in the order pushed), and the fan-in comes
// from the open-file limit.
#include <doctest/doctest.h>

#include "io/external_sort.hpp"

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <sys/resource.h>

using alliance::cli::external_sorter;
using alliance::cli::merge_shape;
using alliance::cli::merge_shape_for;
using alliance::cli::open_file_limit;

namespace {

std::size_t records_written = 0;  // by item::write, to count merge passes

// A key with many equal values, the push order (to see stability) and some text to spill.
struct item {
    std::uint32_t key = 0;
    std::uint32_t order = 0;
    std::string text;

    [[nodiscard]] std::size_t footprint() const noexcept { return sizeof(*this) + text.capacity(); }
    void write(std::FILE* file) const {
        ++records_written;
        alliance::cli::spill_write(file, text);
        alliance::cli::spill_write(file, key);
        alliance::cli::spill_write(file, order);
    }
    static bool read(std::FILE* file, item& out) {
        if (!alliance::cli::spill_read(file, out.text)) return false;
        return alliance::cli::spill_read(file, out.key) && alliance::cli::spill_read(file, out.order);
    }
};

struct by_key {
    bool operator()(const item& a, const item& b) const noexcept { return a.key < b.key; }
};

std::vector<item> items(std::size_t count) {
    std::mt19937 random(29);
    std::vector<item> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back({static_cast<std::uint32_t>(random() % 50), static_cast<std::uint32_t>(i),
                       std::string(random() % 40, 't')});
    return out;
}

// (key, order) of every record, in the order the sorter gives them; `runs` is how many went to disk.
std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted(const std::vector<item>& input, std::size_t budget,
                                                            merge_shape shape, std::size_t* runs = nullptr) {
    external_sorter<item, by_key> sorter(budget, {}, shape);
    for (const item& record : input) sorter.push(record);
    if (runs != nullptr) *runs = sorter.runs();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    bool texts_kept = true;  // each record's text came back from the files with it
    sorter.drain([&](item&& record) {
        texts_kept = texts_kept && record.order < input.size() && record.text == input[record.order].text;
        out.emplace_back(record.key, record.order);
    });
    CHECK(texts_kept);
    return out;
}

// Sets the soft open-file limit for the scope (within the hard limit); `ok` if it could.
class soft_file_limit {
public:
    explicit soft_file_limit(rlim_t wanted) {
        ok_ = ::getrlimit(RLIMIT_NOFILE, &saved_) == 0 && (saved_.rlim_max == RLIM_INFINITY || wanted <= saved_.rlim_max);
        if (!ok_) return;
        rlimit changed = saved_;
        changed.rlim_cur = wanted;
        ok_ = ::setrlimit(RLIMIT_NOFILE, &changed) == 0;
    }
    soft_file_limit(const soft_file_limit&) = delete;
    soft_file_limit& operator=(const soft_file_limit&) = delete;
    ~soft_file_limit() {
        if (ok_) ::setrlimit(RLIMIT_NOFILE, &saved_);
    }
    [[nodiscard]] bool ok() const noexcept { return ok_; }

private:
    rlimit saved_{};
    bool ok_ = false;
};

}  // namespace

TEST_CASE("the merge's fan-in comes from the open-file limit") {
    // The common default soft limit: far wider than the fixed 8 of before, and within it.
    const merge_shape usual = merge_shape_for(1024);
    CHECK(usual.fan_in > 8);
    CHECK(usual.max_open_runs == 3 * usual.fan_in);
    CHECK(2 * (usual.max_open_runs + 1) + alliance::cli::files_for_the_rest <= 1024);  // two sorters at once
    // Capped, however high the limit (RLIM_INFINITY is the largest number).
    CHECK(merge_shape_for(UINT64_MAX).fan_in == alliance::cli::max_fan_in);
    CHECK(merge_shape_for(UINT64_MAX).max_open_runs == 3 * alliance::cli::max_fan_in);
    // Never below 2, however low.
    for (const std::uint64_t limit : {0u, 1u, 12u, 20u, 30u}) {
        CAPTURE(limit);
        const merge_shape low = merge_shape_for(limit);
        CHECK(low.fan_in >= 2);
        CHECK(low.max_open_runs >= low.fan_in);
    }
    CHECK(merge_shape_for(20).max_open_runs + 1 <= (20 - alliance::cli::files_for_the_rest) / 2);

    // A sorter reads the process's limit when it is made.
    external_sorter<item, by_key> sorter(1024);
    CHECK(sorter.fan_in() == merge_shape_for(open_file_limit()).fan_in);
    const soft_file_limit limit(1024);
    if (limit.ok()) {
        CHECK(open_file_limit() == 1024);
        CHECK(external_sorter<item, by_key>(1024).fan_in() > 8);
    }
}

// A tiny budget spilled a run every few records, and with a fan-in of 8 the merges took in
// the largest run again and again (track --sort-memory 0.001, 200,000 rows: 415 s). Whatever
// the budget (1 byte is raised to min_budget) and the shape, the order is the in-memory
// sort's, equal keys in push order.
TEST_CASE("a tiny budget and any fan-in give the in-memory order, stable") {
    const std::vector<item> input = items(3000);
    const auto expected = sorted(input, SIZE_MAX, merge_shape_for(1024));
    REQUIRE(expected.size() == input.size());
    for (std::size_t i = 1; i < expected.size(); ++i) {
        CHECK(expected[i - 1].first <= expected[i].first);
        if (expected[i - 1].first == expected[i].first) CHECK(expected[i - 1].second < expected[i].second);
    }
    for (const merge_shape shape : {merge_shape{2, 2}, merge_shape{2, 3}, merge_shape{3, 9}, merge_shape{8, 12},
                                    merge_shape_for(1024), merge_shape_for(open_file_limit())}) {
        for (const std::size_t budget : {std::size_t{1}, std::size_t{6000}, std::size_t{20000}}) {
            CAPTURE(shape.fan_in);
            CAPTURE(shape.max_open_runs);
            CAPTURE(budget);
            std::size_t runs = 0;
            CHECK(sorted(input, budget, shape, &runs) == expected);
            CHECK(runs > 0);  // through files
            CHECK(runs <= shape.max_open_runs);
        }
    }
}

// What a small budget costs is merge passes, and few: at the usual limit of 1024 files, 20,000
// records in runs of min_budget (some 300 runs) are each written to a run and merged once.
TEST_CASE("a small budget costs a merge pass at the usual open-file limit") {
    const std::vector<item> input = items(20000);
    const auto expected = sorted(input, SIZE_MAX, merge_shape_for(1024));
    records_written = 0;
    std::size_t runs = 0;
    CHECK(sorted(input, alliance::cli::min_budget, merge_shape_for(1024), &runs) == expected);
    CHECK(runs > 1);
    CHECK(records_written <= 2 * input.size());
}

// The runs live as long as their files: under a low open-file limit the sorter must stay
// within it (the process has a few files of its own open besides).
TEST_CASE("many runs under a low open-file limit") {
    const std::vector<item> input = items(4000);
    const auto expected = sorted(input, SIZE_MAX, merge_shape_for(1024));
    const soft_file_limit limit(40);
    if (!limit.ok()) return;
    external_sorter<item, by_key> sorter(alliance::cli::min_budget);
    CHECK(sorter.fan_in() >= 2);
    CHECK(sorter.fan_in() < 8);
    for (const item& record : input) sorter.push(record);
    CHECK(sorter.runs() > 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    sorter.drain([&](item&& record) { out.emplace_back(record.key, record.order); });
    CHECK(out == expected);
}
