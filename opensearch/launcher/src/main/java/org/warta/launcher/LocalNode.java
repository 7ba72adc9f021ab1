package org.warta.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node for development and CI, started in-process from the Maven Central
 * artefacts: the HTTP and transport layers come from the netty4 plugin, the analysis
 * components warta configures (pattern tokenizer, stemmer_override, keyword_marker,
 * synonym_graph, asciifolding) from analysis-common, and Painless for the script that
 * scores the coverage rescore of any-word queries. It binds to 127.0.0.1 only, which
 * lets OpenSearch skip its production bootstrap checks, and runs without the security
 * plugin (a loopback node is for one machine's tests).
 *
 * Usage: LocalNode NAME HOME HTTP_PORT TRANSPORT_PORT SEED_PORTS MANAGERS (both lists
 * comma-separated; MANAGERS names the cluster-manager-eligible nodes).
 */
public final class LocalNode extends Node {

    private LocalNode(Settings settings, List<Class<? extends Plugin>> plugins) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "local"), plugins, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LocalNode NAME HOME HTTP_PORT TRANSPORT_PORT SEED_PORTS MANAGERS");
            System.exit(2);
        }
        String name = args[0];
        Path home = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings.Builder settings = Settings.builder()
            .put("cluster.name", "warta-local")
            .put("node.name", name)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .putList("discovery.seed_hosts", seeds(args[4]))
            .putList("cluster.initial_cluster_manager_nodes", args[5].split(","))
            // A test node lives on a shared laptop or CI machine: don't refuse to allocate
            // shards because the disk is fuller than a production threshold.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false);

        if (!List.of(args[5].split(",")).contains(name)) {
            // Only the listed nodes are cluster managers: the others hold data, so any of
            // them can stop without costing the cluster its elected manager.
            settings.putList("node.roles", "data", "ingest");
        }

        LocalNode node = new LocalNode(settings.build(), List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("stopping " + name + ": " + e);
            }
            stopped.countDown();
        }));
        node.start();
        System.out.println(name + " started on http://127.0.0.1:" + args[2]);
        stopped.await();
    }

    private static String[] seeds(String ports) {
        String[] list = ports.split(",");
        for (int i = 0; i < list.length; i++) {
            list[i] = "127.0.0.1:" + list[i];
        }
        return list;
    }
}
