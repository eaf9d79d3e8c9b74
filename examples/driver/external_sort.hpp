// Sorting more records than memory should hold (track groups a file's rows by client in any
// input order): records are gathered up to a byte budget, sorted, and written to a temporary
// file as a sorted run; drain() merges the runs. Below the budget nothing touches the disk.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace alliance::cli {

// A temporary file that cannot be created, written or read back: the run cannot go on.
class spill_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using temporary_file = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

[[nodiscard]] inline temporary_file make_temporary_file() {
    temporary_file file(std::tmpfile(), &std::fclose);
    if (!file) throw spill_error("cannot create a temporary file (is TMPDIR writable and not full?)");
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

inline void spill_read_required(std::FILE* file, std::string& text) {
    std::uint64_t size = 0;
    if (!spill_read(file, size)) throw spill_error("cannot read a temporary file back");
    text.resize(static_cast<std::size_t>(size));
    if (size > 0 && std::fread(text.data(), 1, text.size(), file) != text.size())
        throw spill_error("cannot read a temporary file back");
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
        // A k-way merge; between equal records the earlier run wins, which keeps pushes in order.
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
        const auto take = [&](std::size_t run) {
            Record record;
            if (!Record::read(runs_[run].get(), record)) return;
            heads.push_back({std::move(record), run});
            std::push_heap(heads.begin(), heads.end(), later);
        };
        for (std::size_t r = 0; r < runs_.size(); ++r) take(r);
        while (!heads.empty()) {
            std::pop_heap(heads.begin(), heads.end(), later);
            head next = std::move(heads.back());
            heads.pop_back();
            take(next.run);
            visit(std::move(next.record));
        }
        runs_.clear();
    }

private:
    void spill() {
        if (buffer_.empty()) return;
        std::stable_sort(buffer_.begin(), buffer_.end(), less_);
        temporary_file run = make_temporary_file();
        for (const Record& record : buffer_) record.write(run.get());
        if (std::fflush(run.get()) != 0 || std::fseek(run.get(), 0, SEEK_SET) != 0)
            throw spill_error("cannot write a temporary file");
        runs_.push_back(std::move(run));
        buffer_.clear();
        used_ = 0;
    }

    std::size_t budget_;
    Less less_;
    std::size_t used_ = 0;
    std::vector<Record> buffer_;
    std::vector<temporary_file> runs_;
};

}  // namespace alliance::cli
