package dev.scangate.admission;

import dev.scangate.admission.AdmissionRequest.ContainerImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code admission.k8s.io/v1} (and the older {@code v1beta1}) AdmissionReviews. Pods and
 * the pod templates of Deployments, ReplicaSets, ReplicationControllers, StatefulSets,
 * DaemonSets, Jobs and CronJobs are read; their containers, initContainers and
 * ephemeralContainers. Other kinds carry no images for scangate to check.
 *
 * <p>A body without a {@code request.uid} cannot be answered as a review and is refused (400);
 * a review whose object is not what its kind says is answered, with {@link
 * AdmissionRequest#problem()} set, so the API server shows the reason.
 */
final class AdmissionReviewReader {

  static final Set<String> API_VERSIONS = Set.of("admission.k8s.io/v1",
      "admission.k8s.io/v1beta1");
  private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "ReplicaSet",
      "ReplicationController", "StatefulSet", "DaemonSet", "Job");
  private static final List<String> CONTAINER_FIELDS = List.of("initContainers", "containers",
      "ephemeralContainers");

  private final JsonMapper mapper;

  AdmissionReviewReader(JsonMapper mapper) {
    this.mapper = mapper;
  }

  AdmissionRequest read(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedAdmissionReviewException("the body is empty");
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedAdmissionReviewException("the body is not JSON: "
          + firstLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedAdmissionReviewException("the body is not a JSON object");
    }
    String kind = text(root, "kind");
    if (!"AdmissionReview".equals(kind)) {
      throw new MalformedAdmissionReviewException("kind must be AdmissionReview, got "
          + (kind == null ? "none" : "'" + kind + "'"));
    }
    String apiVersion = text(root, "apiVersion");
    if (!API_VERSIONS.contains(apiVersion)) {
      throw new MalformedAdmissionReviewException("apiVersion must be admission.k8s.io/v1 or"
          + " admission.k8s.io/v1beta1, got " + (apiVersion == null ? "none" : "'" + apiVersion
          + "'"));
    }
    JsonNode request = root.get("request");
    if (request == null || !request.isObject()) {
      throw new MalformedAdmissionReviewException("the review has no request object");
    }
    String uid = text(request, "uid");
    if (uid == null || uid.isBlank()) {
      throw new MalformedAdmissionReviewException("request.uid is missing: there is nothing to"
          + " answer");
    }
    JsonNode kindNode = request.get("kind");
    String objectKind = kindNode == null ? null : text(kindNode, "kind");
    String namespace = text(request, "namespace");
    String operation = text(request, "operation");
    // v1beta1 fixtures in the wild carry dryRun beside the request; honour both places.
    boolean dryRun = bool(request, "dryRun") || bool(root, "dryRun");
    JsonNode userInfo = request.get("userInfo");
    String user = userInfo == null ? null : text(userInfo, "username");
    JsonNode object = request.get("object");

    String name = text(request, "name");
    Map<String, String> annotations = new LinkedHashMap<>();
    List<ContainerImage> images = new ArrayList<>();
    String problem = null;
    if (object != null && object.isObject()) {
      JsonNode metadata = object.get("metadata");
      if (name == null && metadata != null) {
        name = text(metadata, "name");
        if (name == null) {
          name = text(metadata, "generateName");
        }
      }
      annotations(metadata, annotations);
    }
    if (objectKind == null) {
      problem = "request.kind is missing";
    } else if (object == null || !object.isObject()) {
      problem = isChecked(objectKind) ? "request.object is missing" : null;
    } else {
      JsonNode podSpec = podSpec(objectKind, object, annotations);
      if (isChecked(objectKind)) {
        if (podSpec == null) {
          problem = objectKind + " has no pod spec at " + specPath(objectKind);
        } else {
          containers(podSpec, images);
          if (images.isEmpty()) {
            problem = objectKind + " has no containers at " + specPath(objectKind);
          }
        }
      }
    }
    return new AdmissionRequest(apiVersion, uid, objectKind, namespace, name, operation, dryRun,
        user, List.copyOf(images), Map.copyOf(annotations), problem);
  }

  static boolean isChecked(String kind) {
    return "Pod".equals(kind) || "CronJob".equals(kind) || TEMPLATE_KINDS.contains(kind);
  }

  private static String specPath(String kind) {
    if ("Pod".equals(kind)) {
      return "spec";
    }
    return "CronJob".equals(kind) ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  }

  /** The pod spec of a Pod or a workload's template; the template's annotations are added. */
  private static JsonNode podSpec(String kind, JsonNode object, Map<String, String> annotations) {
    JsonNode node = object;
    if ("Pod".equals(kind)) {
      return objectAt(node, "spec");
    }
    if ("CronJob".equals(kind)) {
      node = objectAt(objectAt(objectAt(node, "spec"), "jobTemplate"), "spec");
    } else if (!TEMPLATE_KINDS.contains(kind)) {
      return null;
    } else {
      node = objectAt(node, "spec");
    }
    JsonNode template = objectAt(node, "template");
    annotations(objectAt(template, "metadata"), annotations);
    return objectAt(template, "spec");
  }

  private static void containers(JsonNode podSpec, List<ContainerImage> images) {
    for (String field : CONTAINER_FIELDS) {
      JsonNode list = podSpec.get(field);
      if (list == null || !list.isArray()) {
        continue;
      }
      for (JsonNode container : list) {
        String image = text(container, "image");
        if (image != null && !image.isBlank()) {
          images.add(new ContainerImage(field, text(container, "name"), image.trim()));
        }
      }
    }
  }

  private static void annotations(JsonNode metadata, Map<String, String> into) {
    JsonNode annotations = objectAt(metadata, "annotations");
    if (annotations == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      if (e.getValue() != null && e.getValue().isString()) {
        into.put(e.getKey(), e.getValue().asString());
      }
    }
  }

  private static JsonNode objectAt(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode child = node.get(field);
    return child != null && child.isObject() ? child : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode child = node.get(field);
    return child != null && child.isString() ? child.asString() : null;
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode child = node.get(field);
    return child != null && child.isBoolean() && child.asBoolean();
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }
}
