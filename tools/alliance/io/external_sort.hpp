// Sorting more records than memory should hold (track groups a file's rows by client in any
// input order): records are gathered up to a byte budget, sorted, and written to a temporary
// file as a sorted run; runs are merged a few at a time (a bounded fan-in, as sort(1) does), so
// the number of files open at once stays bounded however large the input: fan_in runs of one
// size become one run fan_in times larger, and when max_open_runs are waiting the newest
// fan_in are merged whatever their sizes. Below the budget nothing touches the disk.
//
// A run file is removed from its directory at once, so a run lives as long as its descriptor:
// the open-file limit (RLIMIT_NOFILE) bounds the runs. The fan-in comes from it
// (merge_shape_for): the larger the fan-in, the fewer times each record is written. A fixed
// fan-in of 8, and 12 runs open, made a small budget quadratic: with runs of a few records, once
// 12 runs of mixed sizes waited the newest 8 were merged, and every few runs that took in the
// largest run again (track, 200,000 rows, --sort-memory 0.001: 415 s). With max_open_runs three
// times the fan-in, three sizes of runs wait side by side, so a run is merged with smaller ones
// only past fan_in^3 runs (past 10^6 at the default limit of 1024 files).
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace alliance::cli {

// A temporary file that cannot be created, written or read back: the run cannot go on.
class spill_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using temporary_file = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// A file in TMPDIR (else /tmp), removed from the directory at once, so it disappears however
// the program ends. std::tmpfile would ignore TMPDIR.
[[nodiscard]] inline temporary_file make_temporary_file() {
    const char* const from_environment = std::getenv("TMPDIR");
    std::string path = from_environment != nullptr && *from_environment != '\0' ? from_environment : "/tmp";
    path += "/alliance-spill.XXXXXX";
    const int descriptor = ::mkstemp(path.data());
    if (descriptor < 0)
        throw spill_error("cannot create a temporary file in '" + path.substr(0, path.size() - 22) +
                          "': " + std::strerror(errno) + " (set TMPDIR to a writable directory with room)");
    ::unlink(path.c_str());
    temporary_file file(::fdopen(descriptor, "w+b"), &std::fclose);
    if (!file) {
        ::close(descriptor);
        throw spill_error(std::string("cannot open a temporary file: ") + std::strerror(errno));
    }
    return file;
}

// Raw bytes of trivially copyable values and length-prefixed strings, for records that spill.
template <class T>
    requires std::is_trivially_copyable_v<T>
void spill_write(std::FILE* file, const T& value) {
    if (std::fwrite(&value, sizeof value, 1, file) != 1) throw spill_error("cannot write a temporary file");
}

inline void spill_write(std::FILE* file, const std::string& text) {
    spill_write(file, static_cast<std::uint64_t>(text.size()));
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size())
        throw spill_error("cannot write a temporary file");
}

// False at a clean end of the file before the value; a value cut short is an error.
template <class T>
    requires std::is_trivially_copyable_v<T>
[[nodiscard]] bool spill_read(std::FILE* file, T& value) {
    const std::size_t got = std::fread(&value, 1, sizeof value, file);
    if (got == sizeof value) return true;
    if (got == 0 && std::feof(file)) return false;
    throw spill_error("cannot read a temporary file back");
}

// A record's first string: false at a clean end of the file, before the record.
[[nodiscard]] inline bool spill_read(std::FILE* file, std::string& text) {
    std::uint64_t size = 0;
    if (!spill_read(file, size)) return false;
    text.resize(static_cast<std::size_t>(size));
    if (size > 0 && std::fread(text.data(), 1, text.size(), file) != text.size())
        throw spill_error("cannot read a temporary file back");
    return true;
}

// A string inside a record: the end of the file there is an error.
inline void spill_read_required(std::FILE* file, std::string& text) {
    if (!spill_read(file, text)) throw spill_error("cannot read a temporary file back");
}

// What a record must offer: its memory footprint in bytes, and writing itself to / reading
// itself from a run file (read returns false at the end of the file).
template <class Record>
concept spillable_record = std::movable<Record> && requires(const Record& record, Record& out, std::FILE* file) {
    { record.footprint() } -> std::convertible_to<std::size_t>;
    record.write(file);
    { Record::read(file, out) } -> std::same_as<bool>;
};

// How runs are merged: at most fan_in at once, and at most max_open_runs open between merges
// (a sorter has one more open while it writes a run).
struct merge_shape {
    std::size_t fan_in;
    std::size_t max_open_runs;
};

// Files left for the rest of the program: standard streams, the input and its copy (standard
// input is read twice through a temporary file), the output, track's results file, a key
// file, and a few to spare.
inline constexpr std::uint64_t files_for_the_rest = 12;
// Sorters that hold runs at once: split sorts its members and its rows side by side.
inline constexpr std::uint64_t sorters_at_once = 2;
// Beyond this a wider merge saves no pass worth having (two passes merge 10^6 runs), while
// every open run costs a stdio buffer of a few KiB.
inline constexpr std::size_t max_fan_in = 1024;

// The shape for a process that may have `open_files` files open: each sorter gets its share of
// what the rest leaves, holds up to three times the fan-in, and merges at least 2 at a time
// (with a limit too low for that, creating a run file fails and says so).
[[nodiscard]] constexpr merge_shape merge_shape_for(std::uint64_t open_files) noexcept {
    const std::uint64_t share = open_files > files_for_the_rest ? (open_files - files_for_the_rest) / sorters_at_once : 0;
    const std::uint64_t runs = share > 0 ? share - 1 : 0;  // one file for the run being written
    const auto fan_in = static_cast<std::size_t>(std::clamp<std::uint64_t>(runs / 3, 2, max_fan_in));
    return {fan_in, static_cast<std::size_t>(std::clamp<std::uint64_t>(runs, fan_in, 3 * fan_in))};
}

// The soft limit on open files (getrlimit; RLIM_INFINITY is a very large number); if it cannot
// be read, the least POSIX allows (_POSIX_OPEN_MAX).
[[nodiscard]] inline std::uint64_t open_file_limit() noexcept {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 20;
    return static_cast<std::uint64_t>(limit.rlim_cur);
}

// The least budget a sorter takes. Every run costs a file's creation and removal (some 300 us
// of system time each on ext4: track on 200,000 rows took 12 s in runs of 1 KB, 2 to 4 s in
// runs of 4 KB, 1.6 s in runs of 1 MB) and, while it waits, a stdio buffer (st_blksize, 4 KiB
// on most file systems): a smaller run saves no memory and costs more in files than it sorts.
inline constexpr std::size_t min_budget = 4096;

// Sorts by `Less`; records that compare equal keep the order in which they were pushed.
template <spillable_record Record, class Less>
class external_sorter {
public:
    explicit external_sorter(std::size_t budget_bytes, Less less = {},
                             merge_shape shape = merge_shape_for(open_file_limit()))
        : budget_(std::max(budget_bytes, min_budget)), less_(less), shape_(shape) {}

    void push(Record record) {
        used_ += record.footprint();
        buffer_.push_back(std::move(record));
        if (used_ >= budget_) spill();
    }

    // Runs that went to disk so far (0 while everything fits the budget).
    [[nodiscard]] std::size_t runs() const noexcept { return runs_.size(); }

    // Calls visit(Record&&) for every record in sorted order. Once.
    template <class Visit>
    void drain(Visit visit) {
        if (runs_.empty()) {
            std::stable_sort(buffer_.begin(), buffer_.end(), less_);
            for (Record& record : buffer_) visit(std::move(record));
            buffer_.clear();
            return;
        }
        spill();
        // Down to at most fan_in runs, the oldest first so that equal records keep their order.
        const std::size_t width = shape_.fan_in;
        while (runs_.size() > width) {
            std::vector<run> merged;
            for (std::size_t first = 0; first < runs_.size(); first += width) {
                const std::size_t last = std::min(runs_.size(), first + width);
                merged.push_back(merge_to_file(first, last));
                for (std::size_t r = first; r < last; ++r) runs_[r].file.reset();  // closed as soon as read
            }
            runs_ = std::move(merged);
        }
        merge(0, runs_.size(), visit);
        runs_.clear();
    }

    // The most run files merged at once, and the most kept open between merges (one more is
    // open while a run is written).
    [[nodiscard]] std::size_t fan_in() const noexcept { return shape_.fan_in; }
    [[nodiscard]] std::size_t max_open_runs() const noexcept { return shape_.max_open_runs; }

private:
    struct run {
        temporary_file file;
        int level;  // 0: written from memory; level n merged from fan_in runs of level n - 1
    };

    // A k-way merge of runs_[first, last); between equal records the earlier run wins, which
    // keeps pushes in order.
    template <class Visit>
    void merge(std::size_t first, std::size_t last, Visit&& visit) {
        struct head {
            Record record;
            std::size_t run;
        };
        const auto later = [this](const head& a, const head& b) {
            if (less_(b.record, a.record)) return true;
            if (less_(a.record, b.record)) return false;
            return a.run > b.run;
        };
        std::vector<head> heads;  // a heap: the front is the next record
        const auto take = [&](std::size_t r) {
            Record record;
            if (!Record::read(runs_[r].file.get(), record)) return;
            heads.push_back({std::move(record), r});
            std::push_heap(heads.begin(), heads.end(), later);
        };
        for (std::size_t r = first; r < last; ++r) take(r);
        while (!heads.empty()) {
            std::pop_heap(heads.begin(), heads.end(), later);
            head next = std::move(heads.back());
            heads.pop_back();
            take(next.run);
            visit(std::move(next.record));
        }
    }

    [[nodiscard]] run merge_to_file(std::size_t first, std::size_t last) {
        temporary_file file = make_temporary_file();
        merge(first, last, [&](Record&& record) { record.write(file.get()); });
        rewind_run(file.get());
        int level = 0;
        for (std::size_t r = first; r < last; ++r) level = std::max(level, runs_[r].level + 1);
        return {std::move(file), level};
    }

    static void rewind_run(std::FILE* file) {
        if (std::fflush(file) != 0 || std::fseek(file, 0, SEEK_SET) != 0)
            throw spill_error("cannot write a temporary file");
    }

    void spill() {
        if (buffer_.empty()) return;
        std::stable_sort(buffer_.begin(), buffer_.end(), less_);
        temporary_file file = make_temporary_file();
        for (const Record& record : buffer_) record.write(file.get());
        rewind_run(file.get());
        runs_.push_back({std::move(file), 0});
        buffer_.clear();
        used_ = 0;
        // fan_in runs of one level, which are the newest runs, become one run of the next; so
        // do the newest fan_in of max_open_runs runs of mixed levels.
        while (runs_.size() >= shape_.fan_in) {
            const std::size_t first = runs_.size() - shape_.fan_in;
            if (runs_[first].level != runs_.back().level && runs_.size() < shape_.max_open_runs) break;
            run merged = merge_to_file(first, runs_.size());
            runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(first), runs_.end());
            runs_.push_back(std::move(merged));
        }
    }

    std::size_t budget_;
    Less less_;
    merge_shape shape_;
    std::size_t used_ = 0;
    std::vector<Record> buffer_;
    std::vector<run> runs_;
};

}  // namespace alliance::cli
