package dev.scangate.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses; replaced in tests that must not use DNS. */
@FunctionalInterface
interface HostResolver {

  InetAddress[] resolve(String host) throws UnknownHostException;

  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
