#include "scan/LineFramer.h"

#include <sodium.h>

namespace hall {

bool LineFramer::parseTerminator(std::string_view name, Terminator& out) {
    if (name == "cr")
        out = Terminator::Cr;
    else if (name == "lf")
        out = Terminator::Lf;
    else if (name == "crlf")
        out = Terminator::CrLf;
    else if (name == "tab")
        out = Terminator::Tab;
    else
        return false;
    return true;
}

LineFramer::~LineFramer() {
    reset();
}

void LineFramer::reset() {
    sodium_memzero(pending_.data(), pending_.size());
    pending_.clear();
    overflowed_ = false;
}

void LineFramer::feed(std::string_view bytes, const ScanSource::Listener& emit) {
    const char end = terminator_ == Terminator::Cr    ? '\r'
                     : terminator_ == Terminator::Tab ? '\t'
                                                      : '\n';
    for (char c : bytes) {
        if (c != end) {
            if (pending_.size() >= ScanSource::kMaxCodeBytes + 1) {
                overflowed_ = true;
                sodium_memzero(pending_.data(), pending_.size());
                pending_.clear();
            }
            pending_.push_back(c);
            continue;
        }
        if (terminator_ == Terminator::CrLf && !pending_.empty() && pending_.back() == '\r')
            pending_.pop_back();
        if (overflowed_) {
            emit({ScanEvent::Kind::Refused, "a code longer than 4096 bytes was dropped"});
        } else if (!pending_.empty()) {
            emit({ScanEvent::Kind::Code, pending_});
        }
        reset();
    }
}

}  // namespace hall
