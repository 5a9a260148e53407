// The system zlib (Debian's zlib1g-dev) for gzip-compressed responses.
#include <zlib.h>
