# Exercises the embedded broker with kafka-python 2.0 (Debian python3-kafka): admin, gzip produce,
# group consume and commit. Usage: python3 kafka-python-smoke.py host:port topic [user password]
# (with a user, it authenticates with SASL SCRAM-SHA-512: SaslHandshake v0, then bare tokens).
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.structs import TopicPartition

broker, topic = sys.argv[1], sys.argv[2]
security = {}
if len(sys.argv) > 4:
    security = dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-512",
                    sasl_plain_username=sys.argv[3], sasl_plain_password=sys.argv[4])
admin = KafkaAdminClient(bootstrap_servers=broker, client_id="ambient-kafka-python-smoke", **security)
admin.create_topics([NewTopic(topic, 2, 1)])

producer = KafkaProducer(bootstrap_servers=broker, acks="all", compression_type="gzip", **security)
for i in range(50):
    producer.send(topic, key=b"k%d" % (i % 5), value=b"v%d" % i)
producer.flush()

consumer = KafkaConsumer(topic, bootstrap_servers=broker, group_id=topic + "-group",
                         auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=20000, **security)
values = set()
for message in consumer:
    values.add(message.value)
    if len(values) == 50:
        break
consumer.commit()
committed = sum(consumer.committed(TopicPartition(topic, p)) or 0 for p in range(2))
consumer.close()
if len(values) != 50 or committed != 50:
    sys.exit("FAIL consumed=%d committed=%d" % (len(values), committed))
print("OK kafka-python consumed=%d committed=%d" % (len(values), committed))
