package lws.system.control;

import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One client of the control socket: splits its input into lines (at most {@value #MAX_REQUEST} bytes
 * each), hands each to the {@link ControlServer}, and queues replies and events for writing. A client
 * that sends a longer line gets a {@code too-large} error, its output is shut down and the rest of its
 * input discarded until it closes (closing with unread input would reset the connection and lose the
 * error reply); a client that does not
 * read is disconnected once {@value #MAX_QUEUED} bytes wait for it, so it can never block the loop or
 * grow the daemon's memory. Loop thread only.
 */
final class ControlConnection implements SocketHandler<ControlConnection> {
    static final int MAX_REQUEST = 64 * 1024;
    static final int MAX_QUEUED = 1024 * 1024;

    private final ControlServer server;
    private final ByteBuffer input = ByteBuffer.allocate(MAX_REQUEST + 1);
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private int queued;
    private boolean closeWhenFlushed;
    private boolean discarding;
    private boolean outputShut;
    SocketRegistration<ControlConnection> registration;
    boolean watching;

    ControlConnection(ControlServer server) {
        this.server = server;
    }

    @Override
    public void onReadable(SocketRegistration<ControlConnection> r) throws IOException {
        int n = ((SocketChannel) r.channel()).read(input);
        if (n < 0) {
            r.close();
            return;
        }
        if (discarding) {
            input.clear();
            return;
        }
        input.flip();
        int start = input.position();
        for (int i = start; i < input.limit(); i++) {
            if (input.get(i) == '\n') {
                byte[] line = new byte[i - start];
                input.get(start, line);
                start = i + 1;
                if (line.length > 0) {
                    server.handle(this, line);
                }
                if (!r.isOpen() || closeWhenFlushed) {
                    return;
                }
            }
        }
        input.position(start);
        input.compact();
        if (!input.hasRemaining()) {
            refuse(ControlServer.errorReply(null, "too-large", "request longer than " + MAX_REQUEST + " bytes"));
        }
    }

    /**
     * Sends a last error, shuts the output down and discards any further input until the peer closes
     * (or five seconds pass): the peer reads the error instead of a connection reset.
     */
    void refuse(byte[] error) {
        discarding = true;
        input.clear();
        closeWhenFlushed = true;
        send(error);
        server.closeSoon(this); // a peer that never stops sending is not kept forever
    }

    @Override
    public void onWritable(SocketRegistration<ControlConnection> r) throws IOException {
        flush();
    }

    @Override
    public void onClosed(SocketRegistration<ControlConnection> r, CloseReason reason) {
        server.closed(this);
    }

    /** Queues one JSON line; disconnects a client that lets too much pile up. */
    void send(byte[] json) {
        if (!registration.isOpen()) {
            return;
        }
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        queued += line.remaining();
        if (queued > MAX_QUEUED) {
            server.dropped(this);
            registration.close();
            return;
        }
        output.add(line);
        try {
            flush();
        } catch (IOException e) {
            registration.close();
        }
    }

    private void flush() throws IOException {
        while (!output.isEmpty()) {
            ByteBuffer head = output.peek();
            int before = head.remaining();
            boolean complete = registration.write(head);
            queued -= before - head.remaining();
            if (!complete) {
                return; // choked: onWritable continues
            }
            output.poll();
        }
        if (closeWhenFlushed && !outputShut) {
            outputShut = true;
            ((SocketChannel) registration.channel()).shutdownOutput(); // the peer reads the reply, then EOF
        }
    }
}
