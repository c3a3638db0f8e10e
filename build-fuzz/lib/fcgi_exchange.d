build-fuzz/lib/fcgi_exchange.o: lib/fcgi_exchange.cc lib/fcgi_exchange.h \
  lib/exchange.h

lib/fcgi_exchange.h:

lib/exchange.h:
