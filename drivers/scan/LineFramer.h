#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "scan/ScanSource.h"

namespace hall {

// Cuts a scanner's byte stream into codes at its terminator. A code longer than
// ScanSource::kMaxCodeBytes is dropped whole (reported as Refused), never cut into pieces that
// might read as something else; bytes kept between reads are wiped once used.
class LineFramer {
  public:
    enum class Terminator { Cr, Lf, CrLf, Tab };
    static bool parseTerminator(std::string_view name, Terminator& out);

    explicit LineFramer(Terminator t) : terminator_(t) {}
    ~LineFramer();
    LineFramer(const LineFramer&) = delete;
    LineFramer& operator=(const LineFramer&) = delete;

    void feed(std::string_view bytes, const ScanSource::Listener& emit);
    // The device went away mid-code: what was pending is not a code.
    void reset();

  private:
    Terminator terminator_;
    std::string pending_;
    bool overflowed_ = false;
};

}  // namespace hall
