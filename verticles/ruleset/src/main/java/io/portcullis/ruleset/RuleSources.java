package io.portcullis.ruleset;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.portcullis.config.LoadedConfig;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.parse.RuleParser;
import io.portcullis.ruleset.source.ConfigMapRuleSource;
import io.portcullis.ruleset.source.FileRuleSource;
import io.portcullis.ruleset.source.HttpRuleSource;
import io.portcullis.ruleset.source.InlineRuleSource;
import io.portcullis.ruleset.source.RuleCheck;
import io.portcullis.ruleset.source.RuleDocument;
import io.portcullis.ruleset.source.RuleResourceSource;
import io.portcullis.ruleset.source.RuleSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every source named by {@code access_rules.repositories}, read together into one snapshot: {@code file://} URLs or
 * plain paths (a file or a directory), {@code http(s)://} (re-polled conditionally), {@code inline://BASE64},
 * {@code k8s-configmap://NAMESPACE/NAME} and {@code k8s-rules://NAMESPACE} or {@code k8s-rules://*} (Maester's
 * {@code Rule} resources). The Kubernetes client, made only when a Kubernetes source is named, configures itself as
 * fabric8's does: in a pod from its service account, elsewhere from {@code KUBECONFIG} or {@code ~/.kube/config}.
 * Blocking: read and close on a worker.
 */
public final class RuleSources implements AutoCloseable {
  public static final String CONFIGMAP_SCHEME = "k8s-configmap://";
  public static final String RULES_SCHEME = "k8s-rules://";

  private final List<RuleSource> sources = new ArrayList<>();
  private KubernetesClient kubernetes;

  /** @param check validates a single document, for sources that report per object (Rule resources) */
  public RuleSources(LoadedConfig loaded, RuleCheck check) {
    this(loaded, check, () -> new KubernetesClientBuilder().build());
  }

  RuleSources(LoadedConfig loaded, RuleCheck check, Supplier<KubernetesClient> kubernetesClient) {
    HttpClient http = null;
    List<String> repositories = loaded.config().accessRules().repositories();
    for (int i = 0; i < repositories.size(); i++) {
      String repo = repositories.get(i);
      if (repo.startsWith("http://") || repo.startsWith("https://")) {
        http = http == null ? HttpRuleSource.newClient() : http;
        sources.add(new HttpRuleSource(repo, http));
      } else if (repo.startsWith(InlineRuleSource.SCHEME)) {
        sources.add(new InlineRuleSource(repo, "access_rules.repositories[" + i + "] (inline)"));
      } else if (repo.startsWith(CONFIGMAP_SCHEME)) {
        String[] at = repo.substring(CONFIGMAP_SCHEME.length()).split("/", 2);
        sources.add(new ConfigMapRuleSource(repo, kubernetes(kubernetesClient), at[0], at[1]));
      } else if (repo.startsWith(RULES_SCHEME)) {
        String namespace = repo.substring(RULES_SCHEME.length());
        sources.add(new RuleResourceSource(repo, kubernetes(kubernetesClient), namespace.equals("*") ? null
            : namespace, check));
      } else {
        sources.add(new FileRuleSource(repo, toPath(loaded, repo)));
      }
    }
  }

  private KubernetesClient kubernetes(Supplier<KubernetesClient> client) {
    kubernetes = kubernetes == null ? client.get() : kubernetes;
    return kubernetes;
  }

  static Path toPath(LoadedConfig loaded, String repository) {
    if (repository.startsWith("file://")) {
      URI uri = URI.create(repository);
      // file:///abs/path is absolute; file://relative/path (authority + path) is taken relative to the config file.
      String path = uri.getAuthority() == null ? uri.getPath() : uri.getAuthority() + uri.getPath();
      return loaded.resolve(path);
    }
    return loaded.resolve(repository);
  }

  /** A check that parses one document and compiles it against the configured handlers. */
  public static RuleCheck checkWith(PipelineCompiler compiler) {
    return document -> {
      try {
        compiler.compile(RuleParser.parse(document.name(), document.content()), 0, "");
        return List.of();
      } catch (RuleException e) {
        return e.problems();
      }
    };
  }

  /** The repositories as configured (inline ones by their position), for messages and the published set. */
  public List<String> locations() {
    return sources.stream().map(RuleSource::location).toList();
  }

  /** {@code listener} runs (on any thread) when a watching source changed. */
  public void onChange(Runnable listener) {
    sources.forEach(s -> s.onChange(listener));
  }

  /**
   * A snapshot of every document, read once so parsing and hashing agree.
   *
   * @param degraded why some sources gave their last good documents rather than their current ones
   */
  public record Snapshot(List<RuleDocument> documents, String digest, List<String> degraded) {
  }

  /** Reads every source; the problems of all sources that cannot give any documents are thrown together. */
  public Snapshot read() throws RuleException {
    List<RuleDocument> documents = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    for (RuleSource source : sources) {
      try {
        documents.addAll(source.read());
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
      String why = source.degraded();
      if (why != null) {
        degraded.add(why);
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    MessageDigest digest = sha256();
    for (RuleDocument d : documents) {
      digest.update(d.name().getBytes(StandardCharsets.UTF_8));
      digest.update(d.content().getBytes(StandardCharsets.UTF_8));
    }
    return new Snapshot(documents, HexFormat.of().formatHex(digest.digest()), degraded);
  }

  /** Parses every document of a snapshot; problems of all documents are reported together. */
  public static List<AccessRule> parse(Snapshot snapshot) throws RuleException {
    List<AccessRule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (RuleDocument d : snapshot.documents()) {
      try {
        rules.addAll(RuleParser.parse(d.name(), d.content()));
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    return rules;
  }

  @Override
  public void close() {
    sources.forEach(RuleSource::close);
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
