package dev.scangate.scans;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ScanRepository extends JpaRepository<Scan, UUID> {

  @Query("select s from Scan s where s.dedupeKey = :key and s.status in ("
      + "dev.scangate.scans.ScanStatus.QUEUED, dev.scangate.scans.ScanStatus.RUNNING)")
  Optional<Scan> findActive(String key);

  @Query("select s from Scan s where s.digest = :digest and s.platform = :platform"
      + " and s.status = dev.scangate.scans.ScanStatus.SUCCEEDED and s.finishedAt >= :since"
      + " order by s.finishedAt desc limit 1")
  Optional<Scan> findFresh(String digest, String platform, Instant since);

  @Query(value = "select c.child_scan_id from scan_children c join scans s on s.id = c.child_scan_id"
      + " where c.parent_scan_id = :parent order by s.platform", nativeQuery = true)
  List<UUID> findChildIds(UUID parent);

  @Query(value = "select parent_scan_id from scan_children where child_scan_id = :child"
      + " order by parent_scan_id limit 1", nativeQuery = true)
  Optional<UUID> findParentId(UUID child);

  @Modifying
  @Query(value = "insert into scan_children (parent_scan_id, child_scan_id) values (:parent, :child)"
      + " on conflict do nothing", nativeQuery = true)
  void link(UUID parent, UUID child);
}
