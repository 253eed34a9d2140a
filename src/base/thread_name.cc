#include "base/thread_name.h"

#include <pthread.h>

#include <string>

namespace ams {

void NameThisThread(std::string_view name) {
  const std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());  // Only cosmetic: errors ignored.
}

}  // namespace ams
