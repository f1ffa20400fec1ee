package dev.shmc.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializationConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast configurations of a member and of a submitter (client), built in code: nothing is
 * read from hazelcast.xml or the environment. Both are closed to the outside: discovery only by
 * the explicit member list (multicast, auto-detection and cloud discovery off), no phone-home, no
 * Management Center, no REST or memcache endpoint, Jet off, Hazelcast's logging through SLF4J
 * (silenced in simplelogger.properties). Both take the Hazelcast cluster name derived from the
 * cluster key ({@link ClusterKey#hazelcastClusterName}), and both refuse what our messages never
 * need ({@link #harden}): Java-serialized objects other than exceptions, and objects that
 * Hazelcast would build by reflection (zero-config compact serialization).
 */
final class HazelcastConfigs {
    private HazelcastConfigs() {
    }

    /** Member attribute: workers of the member's engine. */
    static final String ATTR_WORKERS = "shmc.workers";
    /** Member attribute: mode of the member's engine. */
    static final String ATTR_MODE = "shmc.mode";
    /** Member attribute: PID of the member's JVM. */
    static final String ATTR_PID = "shmc.pid";

    /** Properties both sides set: no outbound call, logging through SLF4J, our shutdown order. */
    private static final Map<String, String> COMMON = Map.of(
            "hazelcast.phone.home.enabled", "false",
            "hazelcast.logging.type", "slf4j",
            // the process's own shutdown hook closes Hazelcast first and the engine after it
            "hazelcast.shutdownhook.enabled", "false");

    /**
     * Java-serialized classes a member or client accepts. Our messages never use Java
     * serialization (they are {@link Wire} records), and neither does Hazelcast between members
     * and clients, but for one thing: a member answers a failed operation of another member with
     * the exception, Java-serialized (its {@code ErrorResponse}), and a call a member forwards for
     * a client can fail that way. So exceptions and what they are made of: {@code java.lang} (the
     * JDK's exceptions, {@code StackTraceElement}, boxed values; not its subpackages, so neither
     * {@code reflect.Proxy} nor {@code invoke.SerializedLambda}), the packages of Hazelcast's
     * exceptions (their Serializable classes are exceptions, enums, and events whose superclass
     * {@code java.util.EventObject} is not listed, so they cannot be read), the version a
     * {@code MemberLeftException} carries, a few exceptions of {@code java.io} and
     * {@code java.util.concurrent}, and the lists a Throwable keeps its suppressed exceptions in.
     * Nothing else: no maps or sets of arbitrary objects, none of the JDK or library classes whose
     * deserialization has been chained into running code ("gadgets"), no user classes: a
     * Serializable {@code Callable} is refused before it is built.
     */
    private static final ClassFilter JAVA_SERIALIZATION_WHITELIST = new ClassFilter()
            .addPackages("java.lang", "com.hazelcast.core", "com.hazelcast.spi.exception", "com.hazelcast.nio.serialization",
                    "com.hazelcast.client", "com.hazelcast.internal.cluster.impl")
            .addClasses("[Ljava.lang.StackTraceElement;", "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableList",
                    "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableCollection",
                    "java.util.ArrayList", "java.io.IOException", "java.io.UncheckedIOException", "java.io.EOFException",
                    "java.util.concurrent.CancellationException", "java.util.concurrent.ExecutionException",
                    "java.util.concurrent.RejectedExecutionException", "java.util.concurrent.TimeoutException",
                    "java.util.concurrent.CompletionException", "com.hazelcast.version.MemberVersion");

    /**
     * Restricts what a member or client deserializes to what shmc needs: Java serialization to
     * {@link #JAVA_SERIALIZATION_WHITELIST} (the defaults, which allow all of {@code java.*} and
     * {@code com.hazelcast.*}, are off), and zero-config compact serialization (which loads a class
     * named by the sender and builds it by reflection) to no class at all. Then registers the
     * factory of our messages.
     */
    static void harden(SerializationConfig s) {
        s.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig().setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter(JAVA_SERIALIZATION_WHITELIST)));
        // an empty whitelist would mean "no filter": list one name that no class has
        s.getCompactSerializationConfig().setZeroConfigFilter(new JavaSerializationFilterConfig().setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addClasses("dev.shmc.cluster.no-class-is-built-by-reflection")));
        Wire.register(s);
    }

    /**
     * A member of the Hazelcast cluster {@code clusterName} (the derived name) bound to {@code bindHost:port} only, joining through
     * {@code members}; {@code userContext} carries the member's {@link MemberNode} to the tasks.
     */
    static Config member(String clusterName, String bindHost, int port, List<String> members, Map<String, String> attributes,
                         ConcurrentHashMap<String, Object> userContext) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setInstanceName("shmc-member-" + port + "-" + ProcessHandle.current().pid());
        COMMON.forEach(c::setProperty);
        // bind to the intended interface only, not to every address of the host
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(ClusterConfig.MAX_NO_HEARTBEAT_SECONDS));
        c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(ClusterConfig.HEARTBEAT_INTERVAL_SECONDS));
        // no health monitor log lines, no diagnostics files
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        c.getJetConfig().setEnabled(false);
        c.getMetricsConfig().setEnabled(false);
        c.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false).setDataAccessEnabled(false);
        c.getUserCodeDeploymentConfig().setEnabled(false);

        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(bindHost);
        // the legacy REST endpoint is off by default (its config is deprecated for removal: not touched)
        net.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);

        attributes.forEach(c.getMemberAttributeConfig()::setAttribute);
        c.getExecutorConfig(ClusterConfig.EXECUTOR).setPoolSize(ClusterConfig.MEMBER_EXECUTOR_THREADS).setStatisticsEnabled(false);
        c.getTopicConfig(ClusterConfig.STOP_TOPIC).setStatisticsEnabled(false);
        c.setUserContext(userContext);
        harden(c.getSerializationConfig());
        return c;
    }

    /**
     * A client of the Hazelcast cluster {@code clusterName} (the derived name) that connects to {@code members} (then to every member the
     * cluster reports) and gives up after {@link ClusterConfig#CONNECT_TIMEOUT_MS}.
     */
    static ClientConfig client(String clusterName, List<String> members) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setInstanceName("shmc-client-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        COMMON.forEach(c::setProperty);
        // the client has its own hook property: ShmcCluster's hook broadcasts the stops, then shuts the client down
        c.setProperty("hazelcast.client.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.client.heartbeat.interval", Long.toString(ClusterConfig.HEARTBEAT_INTERVAL_SECONDS * 1000L));
        c.getMetricsConfig().setEnabled(false);
        c.getNetworkConfig().setAddresses(members);
        c.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        c.getNetworkConfig().getCloudConfig().setEnabled(false);
        c.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ON)
                .getConnectionRetryConfig().setClusterConnectTimeoutMillis(ClusterConfig.CONNECT_TIMEOUT_MS)
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1_000);
        harden(c.getSerializationConfig());
        return c;
    }
}
