// Sorting more records than memory should hold (track groups a file's rows by client in any
// input order): records are gathered up to a byte budget, sorted, and written to a temporary
// file as a sorted run; runs are merged a few at a time (a bounded fan-in, as sort(1) does), so
// the number of files open at once stays small however large the input: fan_in runs of one
// size become one run fan_in times larger, and when max_open_runs are waiting the newest
// fan_in are merged whatever their sizes. Below the budget nothing touches the disk.
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

// Sorts by `Less`; records that compare equal keep the order in which they were pushed.
template <spillable_record Record, class Less>
class external_sorter {
public:
    explicit external_sorter(std::size_t budget_bytes, Less less = {}) : budget_(budget_bytes), less_(less) {}

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
        while (runs_.size() > fan_in) {
            std::vector<run> merged;
            for (std::size_t first = 0; first < runs_.size(); first += fan_in) {
                const std::size_t last = std::min(runs_.size(), first + fan_in);
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
    static constexpr std::size_t fan_in = 8;
    static constexpr std::size_t max_open_runs = 12;

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
        while (runs_.size() >= fan_in) {
            const std::size_t first = runs_.size() - fan_in;
            if (runs_[first].level != runs_.back().level && runs_.size() < max_open_runs) break;
            run merged = merge_to_file(first, runs_.size());
            runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(first), runs_.end());
            runs_.push_back(std::move(merged));
        }
    }

    std::size_t budget_;
    Less less_;
    std::size_t used_ = 0;
    std::vector<Record> buffer_;
    std::vector<run> runs_;
};

}  // namespace alliance::cli
