package dev.scangate.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** scangate's own webhook body: {@code {"image": "ref"}} or {@code {"images": ["ref", …]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record GenericPayload(String image, List<String> images) {
}
