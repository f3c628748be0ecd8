package dev.scangate.scans;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/scans}. */
record ScanRequest(
    @NotBlank(message = "is required, e.g. \"registry.example.com/app:1.0\"")
    @Size(max = 1024, message = "must be at most 1024 characters") String image,
    @Size(max = 64, message = "must be at most 64 characters") String platform,
    String priority) {
}
