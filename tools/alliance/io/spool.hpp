// Output that can be taken back until the run is done: `score --long` writes its rows while it
// cannot yet know that its input is grouped (tools/alliance/long_input.hpp); if it is not,
// everything written is taken back and the rows are written again in the order a sort gives.
// When the real output can forget what it was given (the temporary file of -o FILE:
// output_sink::rewind), the rows go straight to it; otherwise (standard output, a device) they
// are held, the first `memory` bytes in memory and the rest in a temporary file (TMPDIR,
// removed from its directory at once), and written out by finish(). Memory stays bounded
// whatever the output's size.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "io/external_sort.hpp"
#include "io/output.hpp"

namespace alliance::cli {

class held_output final : public output_sink {
public:
    // `hold`: hold the rows even when `target` could forget them (tests, fuzzers).
    explicit held_output(output_sink& target, bool hold = false, std::size_t memory = std::size_t{8} << 20)
        : target_(target), memory_(memory) {
        direct_ = !hold && target_.rewind();
    }
    held_output(const held_output&) = delete;
    held_output& operator=(const held_output&) = delete;

    void write(std::string_view bytes) override {
        if (direct_) {
            target_.write(bytes);
        } else if (!file_ && held_.size() + bytes.size() <= memory_) {
            held_.append(bytes);
        } else {
            if (!file_) file_ = make_temporary_file();
            if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size())
                throw spill_error("cannot write a temporary file");
        }
    }
    void flush() override {
        if (direct_) target_.flush();
    }
    // Takes back everything written.
    [[nodiscard]] bool rewind() override {
        if (direct_) return target_.rewind();
        held_.clear();
        file_.reset();
        return true;
    }

    // Everything written is final: what is held goes to the target, in order.
    void finish() {
        if (!direct_) {
            target_.write(held_);
            std::string().swap(held_);
            if (file_) copy_file();
        }
        target_.flush();
    }

private:
    void copy_file() {
        if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0)
            throw spill_error("cannot read a temporary file back");
        std::vector<char> buffer(std::size_t{1} << 20);
        for (;;) {
            const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file_.get());
            if (n > 0) target_.write(std::string_view(buffer.data(), n));
            if (n < buffer.size()) {
                if (std::ferror(file_.get()) != 0) throw spill_error("cannot read a temporary file back");
                break;
            }
        }
        file_.reset();
    }

    output_sink& target_;
    std::size_t memory_;
    bool direct_ = false;
    std::string held_;
    temporary_file file_{nullptr, &std::fclose};
};

}  // namespace alliance::cli
