// playback.h — the playhead: a record position plus play/pause at a chosen speed. GL-free.
//
// Position p means "records [0, p) have been applied" (state.h); the current record is p - 1
// and the playhead is drawn at its time. Playing advances either by simulated time (smooth
// playhead, jumps over quiet gaps at the speed of the clock) or by a fixed number of records per
// wall second — the slow teaching speed, where every step gets the same attention however close
// in time the records are.
#pragma once
#include "navigate.h"

#include "sim/trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

// --seek: "50%" (of the records: halfway through what happens, even if the run ends idle),
// "1.5ms" (a time, unit required), "1234" (a record index: the position after applying that
// many records).
struct SeekSpec {
    enum class Type : uint8_t { Percent, Time, Index } type { Type::Index };
    double percent { 0 };
    int64_t value { 0 };                  // ns or record count
};
bool parse_seek(const std::string& text, SeekSpec& out, std::string& error);
size_t resolve_seek(const SeekSpec& s, const ioscope::Trace& trace);
// Position after every record at or before time t.
size_t position_at_time(const ioscope::Trace& trace, int64_t t);

struct Speed {
    bool per_record { false };
    int64_t rate { 1 };                   // records per wall second, or simulated ns per wall second
    // per_record speeds: what one "record" is. KernelStep = the lecture speed, one kernel step
    // (function, switch, wakeup, queue change) per second; bookkeeping records in between are
    // applied without pausing on them.
    StepUnit unit { StepUnit::Record };
};
const std::vector<Speed>& speeds();       // slowest first
// step_per_s labels StepUnit::KernelStep speeds ("kernel steps/s").
std::string speed_label(const Speed& s, const char* rec_per_s, const char* per_s, const char* step_per_s = "steps/s");
int default_speed_index();
int lecture_speed_index();                // one kernel step per second

class Playback {
public:
    void reset(const ioscope::Trace* trace);
    const ioscope::Trace* trace() const { return trace_; }

    size_t position() const { return position_; }
    int64_t playhead_ns() const { return playhead_ns_; }
    bool playing() const { return playing_; }
    int speed_index() const { return speed_; }
    void set_speed_index(int i);

    void seek(size_t p);                  // pauses nothing; clamps to [0, size]
    void seek_time(int64_t t);            // playhead at exactly t; position = records at or before t
    void step(long delta) { seek(long(position_) + delta < 0 ? 0 : size_t(long(position_) + delta)); }
    void play();
    void pause() { playing_ = false; accum_ = 0; }
    void toggle() { playing_ ? pause() : play(); }
    // Advance by dt wall seconds while playing. Returns true if the position or playhead moved.
    bool advance(double dt_s);
    bool at_end() const { return trace_ && position_ >= trace_->size(); }

private:
    const ioscope::Trace* trace_ { nullptr };
    size_t position_ { 0 };
    int64_t playhead_ns_ { 0 };
    bool playing_ { false };
    int speed_ { 0 };
    double accum_ { 0 };                  // fractional records / ns not yet applied
};

} // namespace ioscope::gui
