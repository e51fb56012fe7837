// CRabbitMQ: the one header Swift sees of librabbitmq (rabbitmq-c).
//
// Why a shim: librabbitmq moved its headers between releases, and its login call is C-variadic,
// which Swift cannot call. Everything else is used as declared.
#ifndef C_RABBITMQ_SHIM_H
#define C_RABBITMQ_SHIM_H

// 0.12 and later install <rabbitmq-c/amqp.h>; 0.11 (Debian 12) installs <amqp.h> flat.
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#include <rabbitmq-c/ssl_socket.h>
#else
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#endif

// amqp_login_with_properties takes the SASL arguments as C varargs ("unavailable" in Swift):
// fix them to PLAIN with a user and a password.
static inline amqp_rpc_reply_t c_rabbitmq_login_plain(amqp_connection_state_t state, const char *vhost,
                                                      int channel_max, int frame_max, int heartbeat,
                                                      const amqp_table_t *client_properties,
                                                      const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, client_properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

#endif
