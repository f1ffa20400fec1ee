package dev.shmc.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast configurations of a member and of a submitter (client), built in code: nothing is
 * read from hazelcast.xml or the environment. Both are closed to the outside: discovery only by
 * the explicit member list (multicast, auto-detection and cloud discovery off), no phone-home, no
 * Management Center, no REST or memcache endpoint, Jet off, Hazelcast's logging through SLF4J
 * (silenced in simplelogger.properties).
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
     * A member of {@code clusterName} bound to {@code bindHost:port} only, joining through
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
        Wire.register(c.getSerializationConfig());
        return c;
    }

    /**
     * A client of {@code clusterName} that connects to {@code members} (then to every member the
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
        Wire.register(c.getSerializationConfig());
        return c;
    }
}
