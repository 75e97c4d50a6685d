using System.Globalization;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>
/// DescribeConfigs v0-2 for topics (every Kafka topic config, with where its value comes from) and for
/// this broker (the settings that shape client behaviour).
/// </summary>
internal sealed class DescribeConfigsHandler : IApiHandler
{
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;
    private const sbyte DynamicTopicConfig = 1;
    private const sbyte StaticBrokerConfig = 4;
    private const sbyte DefaultConfig = 5;

    public ApiKey Key => ApiKey.DescribeConfigs;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var resources = request.ReadArray(r => (Type: r.ReadInt8(), Name: r.ReadString(), Keys: r.ReadNullableArray(k => k.ReadString())));
        if (version >= 1)
        {
            request.ReadBoolean(); // include synonyms: none are reported
        }

        response.WriteInt32(0); // throttle time
        response.WriteArrayLength(resources.Count);
        foreach (var (type, name, keys) in resources)
        {
            var (error, message, configs) = Describe(context, type, name);
            response.WriteInt16(error);
            response.WriteNullableString(message);
            response.WriteInt8(type);
            response.WriteString(name);
            var selected = configs.Where(c => keys is null || keys.Contains(c.Name)).ToList();
            response.WriteArrayLength(selected.Count);
            foreach (var (configName, value, source, readOnly) in selected)
            {
                response.WriteString(configName);
                response.WriteNullableString(value);
                response.WriteBoolean(readOnly);
                if (version == 0)
                {
                    response.WriteBoolean(source == DefaultConfig);
                }
                else
                {
                    response.WriteInt8(source);
                }

                response.WriteBoolean(false); // is sensitive
                if (version >= 1)
                {
                    response.WriteArrayLength(0); // synonyms
                }
            }
        }

        return ValueTask.FromResult(true);
    }

    private static (ErrorCode Error, string? Message, List<(string Name, string? Value, sbyte Source, bool ReadOnly)> Configs) Describe(
        RequestContext context, sbyte type, string name)
    {
        switch (type)
        {
            case TopicResource when !context.IsAllowedOnTopic(AclOperation.DescribeConfigs, name):
                return (ErrorCode.TopicAuthorizationFailed, $"Not authorized to describe the configs of topic '{name}'.", []);
            case BrokerResource when !context.IsAllowedOnCluster(AclOperation.DescribeConfigs):
                return (ErrorCode.ClusterAuthorizationFailed, "Not authorized to describe the broker's configs.", []);
            case TopicResource when context.Broker.Topics.Get(name) is { } topic:
                var configs = Storage.TopicConfig.Defaults.Keys.Order(StringComparer.Ordinal)
                    .Select(key => (key, (string?)topic.Config.Get(key),
                        topic.Config.IsOverridden(key) ? DynamicTopicConfig
                        : context.Broker.Options.TopicDefaults.ContainsKey(key) ? StaticBrokerConfig : DefaultConfig, false))
                    .ToList();
                return (ErrorCode.None, null, configs);
            case TopicResource:
                return (ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.", []);
            case BrokerResource when name.Length == 0 || name == context.Broker.NodeId.ToString(CultureInfo.InvariantCulture):
                return (ErrorCode.None, null, BrokerConfigs(context.Broker.Options));
            default:
                return (ErrorCode.InvalidRequest, $"Resource type {type} '{name}' cannot be described by this broker.", []);
        }
    }

    private static List<(string, string?, sbyte, bool)> BrokerConfigs(BrokerOptions options) =>
    [
        ("auto.create.topics.enable", options.AutoCreateTopics ? "true" : "false", StaticBrokerConfig, true),
        ("broker.id", options.NodeId.ToString(CultureInfo.InvariantCulture), StaticBrokerConfig, true),
        ("group.initial.rebalance.delay.ms", Ms(options.GroupInitialRebalanceDelay), StaticBrokerConfig, true),
        ("group.max.session.timeout.ms", Ms(options.GroupMaxSessionTimeout), StaticBrokerConfig, true),
        ("group.min.session.timeout.ms", Ms(options.GroupMinSessionTimeout), StaticBrokerConfig, true),
        ("log.cleaner.backoff.ms", Ms(options.CleanerBackoff), StaticBrokerConfig, true),
        ("log.dirs", Path.GetFullPath(options.DataDirectory), StaticBrokerConfig, true),
        ("log.retention.check.interval.ms", Ms(options.RetentionCheckInterval), StaticBrokerConfig, true),
        ("node.id", options.NodeId.ToString(CultureInfo.InvariantCulture), StaticBrokerConfig, true),
        ("num.partitions", options.DefaultPartitions.ToString(CultureInfo.InvariantCulture), StaticBrokerConfig, true),
        ("socket.request.max.bytes", options.MaxRequestBytes.ToString(CultureInfo.InvariantCulture), StaticBrokerConfig, true),
    ];

    private static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
