using Ambient.Testing;

[assembly: AssemblyFixture(typeof(KafkaFixture))]
