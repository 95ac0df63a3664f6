// playback.cpp — see the header.
#include "playback.h"

#include "sim/core/sim_time.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace ioscope::gui {

bool parse_seek(const std::string& text, SeekSpec& out, std::string& error) {
    std::string s = text;
    while (!s.empty() && std::isspace((unsigned char)s.back())) s.pop_back();
    while (!s.empty() && std::isspace((unsigned char)s.front())) s.erase(s.begin());
    if (s.empty()) { error = "empty position"; return false; }
    if (s.back() == '%') {
        const std::string num = s.substr(0, s.size() - 1);
        char* end = nullptr;
        double p = std::strtod(num.c_str(), &end);
        if (num.empty() || end != num.c_str() + num.size() || !(p >= 0 && p <= 100)) {
            error = "'" + text + "': a percentage must be between 0% and 100%";
            return false;
        }
        out = SeekSpec { SeekSpec::Type::Percent, p, 0 };
        return true;
    }
    if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit((unsigned char)c); })) {
        if (s.size() > 18) { error = "'" + text + "': record index too large"; return false; }
        out = SeekSpec { SeekSpec::Type::Index, 0, std::stoll(s) };
        return true;
    }
    ioscope::SimTime t;
    if (!ioscope::parse_duration(s, t) || t.ns < 0) {
        error = "'" + text + "': expected a percentage (50%), a time with a unit (1.5ms, 250us) or a record index (1234)";
        return false;
    }
    out = SeekSpec { SeekSpec::Type::Time, 0, t.ns };
    return true;
}

size_t position_at_time(const ioscope::Trace& trace, int64_t t) {
    if (t == INT64_MAX) return trace.size();
    return trace.lower_bound_time(t + 1);
}

size_t resolve_seek(const SeekSpec& s, const ioscope::Trace& trace) {
    switch (s.type) {
    case SeekSpec::Type::Index: return std::min<size_t>(size_t(s.value), trace.size());
    case SeekSpec::Type::Time: return position_at_time(trace, s.value);
    case SeekSpec::Type::Percent:
        // Of the records, not of the time span: runs often end in a long idle tail (blocking-echo
        // is busy for 1.5 ms of its 4 ms), and "halfway" should land halfway through what happens.
        return std::min<size_t>(trace.size(), size_t(std::llround((long double)trace.size() * s.percent / 100.0L)));
    }
    return 0;
}

const std::vector<Speed>& speeds() {
    static const std::vector<Speed> v = {
        { true, 1 }, { true, 1, StepUnit::KernelStep }, { true, 4 }, { true, 16 },
        { false, 1000 }, { false, 10000 }, { false, 100000 },
        { false, 1000000 }, { false, 10000000 }, { false, 100000000 }, { false, 1000000000 },
    };
    return v;
}

int default_speed_index() { return 0; }       // one record per second: the teaching speed
int lecture_speed_index() { return 1; }

std::string speed_label(const Speed& s, const char* rec_per_s, const char* per_s, const char* step_per_s) {
    if (s.per_record) return std::to_string(s.rate) + " " + (s.unit == StepUnit::Record ? rec_per_s : step_per_s);
    std::string d = ioscope::format_duration(ioscope::SimTime(s.rate));
    // "1.000 us" -> "1 us": whole values read better in a combo.
    if (auto dot = d.find(".000"); dot != std::string::npos) d.erase(dot, 4);
    return d + " " + per_s;
}

void Playback::reset(const ioscope::Trace* trace) {
    trace_ = trace;
    playing_ = false;
    accum_ = 0;
    seek(0);
}

void Playback::set_speed_index(int i) {
    speed_ = std::clamp(i, 0, int(speeds().size()) - 1);
    accum_ = 0;
}

void Playback::seek(size_t p) {
    if (!trace_) { position_ = 0; playhead_ns_ = 0; return; }
    position_ = std::min(p, trace_->size());
    playhead_ns_ = position_ == 0 ? 0 : trace_->records[position_ - 1].t;
}

void Playback::seek_time(int64_t t) {
    if (!trace_) return;
    t = std::clamp<int64_t>(t, 0, trace_->end_ns());
    position_ = position_at_time(*trace_, t);
    playhead_ns_ = t;
}

void Playback::play() {
    if (!trace_ || trace_->size() == 0) return;
    if (at_end()) seek(0);                   // play at the end starts over
    playing_ = true;
    accum_ = 0;
}

bool Playback::advance(double dt_s) {
    if (!playing_ || !trace_) return false;
    if (dt_s <= 0) return false;
    const Speed& sp = speeds()[size_t(speed_)];
    const size_t before = position_;
    const int64_t before_t = playhead_ns_;
    accum_ += dt_s * double(sp.rate);
    const double whole = std::floor(accum_);
    accum_ -= whole;
    if (sp.per_record && sp.unit != StepUnit::Record) {
        for (double k = 0; k < whole && !at_end(); ++k) seek(step_position(*trace_, sp.unit, position_, true));
    } else if (sp.per_record) {
        seek(position_ + size_t(whole));
    } else {
        const int64_t t = playhead_ns_ + int64_t(whole);
        if (t >= trace_->end_ns()) seek(trace_->size());
        else seek_time(t);
    }
    if (at_end()) playing_ = false;
    return position_ != before || playhead_ns_ != before_t;
}

} // namespace ioscope::gui
