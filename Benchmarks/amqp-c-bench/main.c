// The baseline of `warren-bench amqp`: the same publish and consume work as the Swift client's benchmark, done with
// librabbitmq directly. Prints one line per phase: "publish <messages> <seconds>" and "consume <messages> <seconds>".
//
// usage: amqp-c-bench HOST PORT QUEUE MESSAGES BODY_BYTES CONFIRM_WINDOW PREFETCH ACK_EVERY
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die_on_reply(amqp_rpc_reply_t reply, const char *what) {
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        fprintf(stderr, "amqp-c-bench: %s failed (reply type %d, library error %d)\n", what, reply.reply_type,
                reply.library_error);
        exit(1);
    }
}

// Which publishes the broker has settled (acked or nacked), by sequence number; tracks the lowest unsettled one.
typedef struct {
    unsigned char *settled;
    uint64_t lowest_unsettled;
    uint64_t count;
    uint64_t nacks;
} confirm_state;

static void settle(confirm_state *state, uint64_t tag, int multiple, int nack) {
    uint64_t first = multiple ? state->lowest_unsettled : tag;
    for (uint64_t seq = first; seq <= tag; seq++) {
        if (!state->settled[seq]) {
            state->settled[seq] = 1;
            state->count++;
            if (nack) state->nacks++;
        }
    }
    while (state->settled[state->lowest_unsettled]) state->lowest_unsettled++;
}

// Reads one frame and settles the confirms it carries.
static void read_confirms(amqp_connection_state_t conn, confirm_state *state) {
    amqp_frame_t frame;
    int status = amqp_simple_wait_frame(conn, &frame);
    if (status != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp-c-bench: waiting for confirms failed: %s\n", amqp_error_string2(status));
        exit(1);
    }
    if (frame.frame_type != AMQP_FRAME_METHOD) return;
    if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
        amqp_basic_ack_t *ack = frame.payload.method.decoded;
        settle(state, ack->delivery_tag, ack->multiple, 0);
    } else if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
        amqp_basic_nack_t *nack = frame.payload.method.decoded;
        settle(state, nack->delivery_tag, nack->multiple, 1);
    } else {
        fprintf(stderr, "amqp-c-bench: unexpected method 0x%x\n", frame.payload.method.id);
        exit(1);
    }
    amqp_maybe_release_buffers(conn);
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: %s HOST PORT QUEUE MESSAGES BODY_BYTES CONFIRM_WINDOW PREFETCH ACK_EVERY\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    const char *queue = argv[3];
    long messages = atol(argv[4]);
    int body_bytes = atoi(argv[5]);
    long window = atol(argv[6]);
    int prefetch = atoi(argv[7]);
    long ack_every = atol(argv[8]);

    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp-c-bench: cannot connect to %s:%d\n", host, port);
        return 1;
    }
    const char *user = getenv("WARREN_BENCH_USER") ? getenv("WARREN_BENCH_USER") : "guest";
    const char *password = getenv("WARREN_BENCH_PASSWORD") ? getenv("WARREN_BENCH_PASSWORD") : "guest";
    die_on_reply(amqp_login(conn, "/", 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, user, password), "login");
    amqp_channel_open(conn, 1);
    die_on_reply(amqp_get_rpc_reply(conn), "channel.open");
    amqp_confirm_select(conn, 1);
    die_on_reply(amqp_get_rpc_reply(conn), "confirm.select");

    char *body = malloc((size_t)body_bytes);
    memset(body, 'x', (size_t)body_bytes);
    amqp_basic_properties_t props;
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    amqp_bytes_t body_bytes_t = {(size_t)body_bytes, body};

    // Publish with a window of outstanding confirms.
    confirm_state confirms = {calloc((size_t)messages + 2, 1), 1, 0, 0};
    confirms.settled[0] = 1;
    uint64_t published = 0;
    double start = now_seconds();
    while (published < (uint64_t)messages) {
        while (published - confirms.count >= (uint64_t)window) read_confirms(conn, &confirms);
        int status = amqp_basic_publish(conn, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, &props,
                                        body_bytes_t);
        if (status != AMQP_STATUS_OK) {
            fprintf(stderr, "amqp-c-bench: publish failed: %s\n", amqp_error_string2(status));
            return 1;
        }
        published++;
    }
    while (confirms.count < published) read_confirms(conn, &confirms);
    double publish_seconds = now_seconds() - start;
    printf("publish %ld %.6f %llu\n", messages, publish_seconds, (unsigned long long)confirms.nacks);
    fflush(stdout);

    // Consume with a prefetch window, acking several at once.
    amqp_channel_open(conn, 2);
    die_on_reply(amqp_get_rpc_reply(conn), "channel.open");
    amqp_basic_qos(conn, 2, 0, (uint16_t)prefetch, 0);
    die_on_reply(amqp_get_rpc_reply(conn), "basic.qos");
    amqp_basic_consume(conn, 2, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    die_on_reply(amqp_get_rpc_reply(conn), "basic.consume");
    long received = 0;
    start = now_seconds();
    while (received < messages) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(conn);
        amqp_rpc_reply_t reply = amqp_consume_message(conn, &envelope, NULL, 0);
        die_on_reply(reply, "consume");
        received++;
        if (received % ack_every == 0 || received == messages) {
            amqp_basic_ack(conn, 2, envelope.delivery_tag, 1);
        }
        amqp_destroy_envelope(&envelope);
    }
    double consume_seconds = now_seconds() - start;
    printf("consume %ld %.6f\n", received, consume_seconds);

    amqp_channel_close(conn, 2, AMQP_REPLY_SUCCESS);
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    free(body);
    free(confirms.settled);
    return 0;
}
