// The one translation unit that compiles Boost.Asio, Boost.Beast and Asio's SSL support.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
