// Row-by-row table commands (score, change, compare) on several threads. The input is split at
// record boundaries (csv_splitter), each chunk's rows go through the command's own row loop on
// a csv_reader over the chunk (which reports the input's line numbers), and the chunks' output
// is written in input order, so the output is byte for byte that of one thread. At most
// threads + 2 chunks are in flight (input and output held), so memory stays bounded whatever
// the file size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "command_line.hpp"
#include "csv_reader.hpp"
#include "csv_splitter.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace alliance::cli {

// A fixed set of threads running tasks in the order given.
class worker_pool {
public:
    explicit worker_pool(unsigned threads) {
        for (unsigned t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
    }
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;
    // Tasks not yet started are dropped (their futures report a broken promise).
    ~worker_pool() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
            tasks_.clear();
        }
        ready_.notify_all();
        for (std::thread& worker : workers_) worker.join();
    }

    template <class Result>
    std::future<Result> submit(std::function<Result()> task) {
        auto packaged = std::make_shared<std::packaged_task<Result()>>(std::move(task));
        std::future<Result> result = packaged->get_future();
        {
            const std::lock_guard lock(mutex_);
            tasks_.emplace_back([packaged] { (*packaged)(); });
        }
        ready_.notify_one();
        return result;
    }

private:
    void work() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
                if (stopping_) return;
                task = std::move(tasks_.front());
                tasks_.pop_front();
            }
            task();
        }
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

// Reads the header with `header(reader)`, which returns the output's column names (or throws
// input_error: then nothing is written), and every row after it with
// `rows(reader, table, progress)`, which writes one output row per record and returns the counts.
// With settings.threads == 1 that is one reader over the whole input, as it always was; with
// more, one reader per chunk, each writing into its own table (no header) on a worker thread.
template <class Header, class Rows>
score_summary table_rows(const table_settings& settings, byte_source& input, output_sink& output,
                         progress_meter* progress, Header header, Rows rows) {
    if (settings.threads <= 1) {
        csv_reader reader(input, settings.dialect, settings.limits);
        std::vector<std::string> columns = header(reader);
        buffered_writer out(output, std::size_t{1} << 20);
        table_writer table(out, settings.format, std::move(columns));
        const score_summary summary = rows(reader, table, progress);
        out.flush();
        return summary;
    }

    csv_splitter splitter(input, settings.dialect, settings.limits, settings.parallel_chunk);
    auto first = std::make_shared<csv_chunk>();
    if (!splitter.next(*first)) first->bytes.clear();  // empty input: header() says so
    auto head = std::make_shared<chunk_reader>(*first, settings.dialect, settings.limits);
    const std::vector<std::string> columns = header(head->reader());
    {
        buffered_writer out(output);
        const table_writer table(out, settings.format, columns);
        out.flush();
    }

    struct chunk_result {
        std::string text;
        std::string input;  // the chunk's bytes, given back for the next chunks (recycle)
        score_summary summary;
        std::uint64_t input_end = 0;
    };
    // One chunk's rows, from `reader` (which `chunk` and `owner` keep alive).
    // Buffers are reused (output here, input by the splitter), so that memory is the chunks in
    // flight and does not depend on how the allocator keeps what threads free.
    const auto run_chunk = [&settings, &columns, &rows](std::shared_ptr<csv_chunk> chunk,
                                                        std::shared_ptr<chunk_reader> owner, std::string& buffer) {
        chunk_result result;
        result.input_end = chunk->input_end;
        string_sink sink;
        sink.text = std::move(buffer);
        sink.text.clear();
        sink.text.reserve(4 * chunk->bytes.size() + 4096);  // a scored row is about 3x its input
        {
            buffered_writer out(sink);
            table_writer table(out, settings.format, columns, false);
            result.summary = rows(owner->reader(), table, nullptr);
            out.flush();
        }
        result.text = std::move(sink.text);
        owner.reset();
        result.input = std::move(chunk->bytes);
        return result;
    };

    score_summary summary;
    std::vector<std::string> spare_output;
    const auto output_buffer = [&spare_output] {
        std::string buffer;
        if (!spare_output.empty()) {
            buffer = std::move(spare_output.back());
            spare_output.pop_back();
        }
        return buffer;
    };
    std::deque<std::future<chunk_result>> pending;
    worker_pool pool(settings.threads);
    const auto write_oldest = [&] {
        chunk_result done = pending.front().get();
        pending.pop_front();
        output.write(done.text);
        spare_output.push_back(std::move(done.text));
        splitter.recycle(std::move(done.input));
        summary.rows += done.summary.rows;
        summary.ok += done.summary.ok;
        summary.partial += done.summary.partial;
        summary.errors += done.summary.errors;
        if (progress != nullptr) progress->update(done.input_end, summary.rows);
    };
    const std::size_t depth = settings.threads + 2;
    pending.push_back(pool.submit<chunk_result>(
        [=, buffer = output_buffer()]() mutable { return run_chunk(first, head, buffer); }));
    for (;;) {
        auto chunk = std::make_shared<csv_chunk>();
        if (!splitter.next(*chunk)) break;
        if (pending.size() >= depth) write_oldest();
        pending.push_back(pool.submit<chunk_result>([=, &settings, buffer = output_buffer()]() mutable {
            return run_chunk(chunk, std::make_shared<chunk_reader>(*chunk, settings.dialect, settings.limits), buffer);
        }));
    }
    while (!pending.empty()) write_oldest();
    output.flush();
    return summary;
}

}  // namespace alliance::cli
