build-fuzz/lib/response.o: lib/response.cc lib/response.h

lib/response.h:
