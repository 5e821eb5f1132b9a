#pragma once
#include <string>

#include "identity/PayloadVerifier.h"

namespace hall {

// The QR code on the hall's own ticket slip (HALLTICKET:1:<hall>:<ticket>). It names a ticket,
// not a person: a resident rating a service or looking up a ticket shows it.
class HallTicketPayload : public PayloadVerifier {
  public:
    explicit HallTicketPayload(std::string hallId) : hallId_(std::move(hallId)) {}

    bool recognises(std::string_view payload) const override;
    Result<Identity> verify(std::string_view payload, int64_t nowSeconds) override;

  private:
    std::string hallId_;
};

}  // namespace hall
