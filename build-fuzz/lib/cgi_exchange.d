build-fuzz/lib/cgi_exchange.o: lib/cgi_exchange.cc lib/cgi_exchange.h \
  lib/exchange.h

lib/cgi_exchange.h:

lib/exchange.h:
