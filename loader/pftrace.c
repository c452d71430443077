// SPDX-License-Identifier: GPL-2.0
/*
 * Perfetto trace writer: every call builds one TracePacket with protobuf-c
 * and appends it to the file as a field 1 of the Trace message, i.e. a
 * tag byte, the packet's length as a varint and the packet. A Trace is
 * nothing but those fields, so the file is a valid trace after every
 * packet, and two traces concatenated are one.
 *
 * Packets gather in a buffer of whole packets, written out when it fills
 * and on pftrace__flush(). A write that fails (a full disk) is undone with
 * ftruncate() back to the last whole packet on disk: what stays decodes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen/perfetto_trace.pb-c.h"	/* generated: build/gen/ */
#include "loader/pftrace.h"

/*
 * Our packets' sequence. Perfetto's service numbers its writers' sequences
 * from 1: a number far from those keeps ours apart when the file is
 * appended to a device trace.
 */
#define PFTRACE_SEQUENCE_ID	0x636d61	/* "cma" */
#define SEQ_INCREMENTAL_STATE_CLEARED 1
#define PFTRACE_MAX_ARGS	32

#define PFTRACE_OUT_SIZE	(64 << 10)

struct pftrace {
	int fd;
	int err;		/* first error, a negative errno */
	uint64_t bytes, packets;
	uint64_t on_disk;	/* bytes of whole packets in the file */
	uint8_t *buf;		/* the packet being packed */
	size_t cap;
	uint8_t out[PFTRACE_OUT_SIZE];	/* whole packets not yet written */
	size_t out_len;
};

static void set_error(struct pftrace *pt, int err)
{
	if (!pt->err)
		pt->err = err ? err : -EIO;
}

int pftrace__flush(struct pftrace *pt)
{
	size_t done = 0;

	if (pt->err)
		return pt->err;
	while (done < pt->out_len) {
		ssize_t n = write(pt->fd, pt->out + done, pt->out_len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_error(pt, n < 0 ? -errno : -ENOSPC);
			/* Best effort: a file cut inside a packet would not decode. */
			if (ftruncate(pt->fd, (off_t)pt->on_disk))
				(void)0;
			pt->out_len = 0;
			return pt->err;
		}
		done += (size_t)n;
	}
	pt->on_disk += pt->out_len;
	pt->out_len = 0;
	return 0;
}

static int append(struct pftrace *pt, const void *data, size_t len)
{
	if (pt->out_len + len > sizeof(pt->out) && pftrace__flush(pt))
		return pt->err;
	if (len > sizeof(pt->out)) {
		set_error(pt, -E2BIG);
		return pt->err;
	}
	memcpy(pt->out + pt->out_len, data, len);
	pt->out_len += len;
	return 0;
}

/* Append a packet: field 1 of Trace, length-delimited (wire type 2). */
static int write_packet(struct pftrace *pt, Perfetto__Protos__TracePacket *p)
{
	uint8_t head[1 + 10];
	size_t len, n = 0;
	uint64_t v;

	if (pt->err)
		return pt->err;
	p->has_trusted_packet_sequence_id = 1;
	p->trusted_packet_sequence_id = PFTRACE_SEQUENCE_ID;
	if (!pt->packets) {
		p->has_sequence_flags = 1;
		p->sequence_flags = SEQ_INCREMENTAL_STATE_CLEARED;
		p->has_first_packet_on_sequence = 1;
		p->first_packet_on_sequence = 1;
	}
	len = perfetto__protos__trace_packet__get_packed_size(p);
	if (len > pt->cap) {
		uint8_t *b = realloc(pt->buf, len * 2);

		if (!b) {
			set_error(pt, -ENOMEM);
			return pt->err;
		}
		pt->buf = b;
		pt->cap = len * 2;
	}
	perfetto__protos__trace_packet__pack(p, pt->buf);
	head[n++] = (1 << 3) | 2;
	for (v = len; v >= 0x80; v >>= 7)
		head[n++] = (uint8_t)(v | 0x80);
	head[n++] = (uint8_t)v;
	/* Header and packet go out together: never half a packet in a flush. */
	if (pt->out_len + n + len > sizeof(pt->out) && pftrace__flush(pt))
		return pt->err;
	if (append(pt, head, n) || append(pt, pt->buf, len))
		return pt->err;
	pt->bytes += n + len;
	pt->packets++;
	return 0;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * The three clocks read together: BOOTTIME, which our timestamps are in,
 * and the two a reader may want to line them up with.
 */
static int write_clock_snapshot(struct pftrace *pt)
{
	Perfetto__Protos__TracePacket p = PERFETTO__PROTOS__TRACE_PACKET__INIT;
	Perfetto__Protos__ClockSnapshot cs = PERFETTO__PROTOS__CLOCK_SNAPSHOT__INIT;
	Perfetto__Protos__ClockSnapshot__Clock c[3], *cp[3];
	static const struct { uint32_t id; clockid_t clk; } clocks[3] = {
		{ PERFETTO__PROTOS__BUILTIN_CLOCK__BUILTIN_CLOCK_BOOTTIME, CLOCK_BOOTTIME },
		{ PERFETTO__PROTOS__BUILTIN_CLOCK__BUILTIN_CLOCK_MONOTONIC, CLOCK_MONOTONIC },
		{ PERFETTO__PROTOS__BUILTIN_CLOCK__BUILTIN_CLOCK_REALTIME, CLOCK_REALTIME },
	};

	for (int i = 0; i < 3; i++) {
		perfetto__protos__clock_snapshot__clock__init(&c[i]);
		c[i].has_clock_id = c[i].has_timestamp = 1;
		c[i].clock_id = clocks[i].id;
		c[i].timestamp = clock_ns(clocks[i].clk);
		cp[i] = &c[i];
	}
	cs.n_clocks = 3;
	cs.clocks = cp;
	cs.has_primary_trace_clock = 1;
	cs.primary_trace_clock = PERFETTO__PROTOS__BUILTIN_CLOCK__BUILTIN_CLOCK_BOOTTIME;
	p.has_timestamp = 1;
	p.timestamp = c[0].timestamp;
	p.data_case = PERFETTO__PROTOS__TRACE_PACKET__DATA_CLOCK_SNAPSHOT;
	p.clock_snapshot = &cs;
	return write_packet(pt, &p);
}

struct pftrace *pftrace__open(const char *path)
{
	struct pftrace *pt = calloc(1, sizeof(*pt));

	if (!pt)
		return NULL;
	pt->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (pt->fd < 0) {
		int err = errno;

		free(pt);
		errno = err;
		return NULL;
	}
	write_clock_snapshot(pt);
	return pt;
}

/* A descriptor packet, timestamped so that it sorts before its events. */
static int write_descriptor(struct pftrace *pt, uint64_t ts,
			    Perfetto__Protos__TrackDescriptor *td)
{
	Perfetto__Protos__TracePacket p = PERFETTO__PROTOS__TRACE_PACKET__INIT;

	p.has_timestamp = 1;
	p.timestamp = ts ? ts : clock_ns(CLOCK_BOOTTIME);
	p.data_case = PERFETTO__PROTOS__TRACE_PACKET__DATA_TRACK_DESCRIPTOR;
	p.track_descriptor = td;
	return write_packet(pt, &p);
}

int pftrace__process_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, int pid,
			   const char *name)
{
	Perfetto__Protos__TrackDescriptor td = PERFETTO__PROTOS__TRACK_DESCRIPTOR__INIT;
	Perfetto__Protos__ProcessDescriptor pd = PERFETTO__PROTOS__PROCESS_DESCRIPTOR__INIT;

	td.has_uuid = 1;
	td.uuid = uuid;
	pd.has_pid = 1;
	pd.pid = pid;
	pd.process_name = (char *)name;
	td.process = &pd;
	return write_descriptor(pt, ts, &td);
}

int pftrace__thread_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, int pid, int tid,
			  const char *name)
{
	Perfetto__Protos__TrackDescriptor td = PERFETTO__PROTOS__TRACK_DESCRIPTOR__INIT;
	Perfetto__Protos__ThreadDescriptor th = PERFETTO__PROTOS__THREAD_DESCRIPTOR__INIT;

	td.has_uuid = 1;
	td.uuid = uuid;
	th.has_pid = th.has_tid = 1;
	th.pid = pid;
	th.tid = tid;
	th.thread_name = (char *)name;
	td.thread = &th;
	return write_descriptor(pt, ts, &td);
}

int pftrace__track(struct pftrace *pt, uint64_t ts, uint64_t uuid, uint64_t parent,
		   const char *name)
{
	Perfetto__Protos__TrackDescriptor td = PERFETTO__PROTOS__TRACK_DESCRIPTOR__INIT;

	td.has_uuid = 1;
	td.uuid = uuid;
	td.has_parent_uuid = parent != 0;
	td.parent_uuid = parent;
	td.name = (char *)name;
	return write_descriptor(pt, ts, &td);
}

int pftrace__counter_track(struct pftrace *pt, uint64_t ts, uint64_t uuid, uint64_t parent,
			   const char *name, const char *unit_name)
{
	Perfetto__Protos__TrackDescriptor td = PERFETTO__PROTOS__TRACK_DESCRIPTOR__INIT;
	Perfetto__Protos__CounterDescriptor cd = PERFETTO__PROTOS__COUNTER_DESCRIPTOR__INIT;

	td.has_uuid = 1;
	td.uuid = uuid;
	td.has_parent_uuid = parent != 0;
	td.parent_uuid = parent;
	td.name = (char *)name;
	cd.unit_name = (char *)unit_name;
	td.counter = &cd;
	return write_descriptor(pt, ts, &td);
}

static int write_event(struct pftrace *pt, Perfetto__Protos__TrackEvent *ev, uint64_t track,
		       uint64_t ts, const struct pf_arg *args, size_t nr_args)
{
	Perfetto__Protos__TracePacket p = PERFETTO__PROTOS__TRACE_PACKET__INIT;
	Perfetto__Protos__DebugAnnotation da[PFTRACE_MAX_ARGS], *dp[PFTRACE_MAX_ARGS];

	if (nr_args > PFTRACE_MAX_ARGS) {
		set_error(pt, -E2BIG);
		return pt->err;
	}
	for (size_t i = 0; i < nr_args; i++) {
		perfetto__protos__debug_annotation__init(&da[i]);
		da[i].name = (char *)args[i].name;
		switch (args[i].kind) {
		case PF_ARG_INT:
			da[i].value_case = PERFETTO__PROTOS__DEBUG_ANNOTATION__VALUE_INT_VALUE;
			da[i].int_value = args[i].i;
			break;
		case PF_ARG_UINT:
			da[i].value_case = PERFETTO__PROTOS__DEBUG_ANNOTATION__VALUE_UINT_VALUE;
			da[i].uint_value = args[i].u;
			break;
		case PF_ARG_STR:
			da[i].value_case = PERFETTO__PROTOS__DEBUG_ANNOTATION__VALUE_STRING_VALUE;
			da[i].string_value = (char *)(args[i].s ? args[i].s : "");
			break;
		}
		dp[i] = &da[i];
	}
	ev->n_debug_annotations = nr_args;
	ev->debug_annotations = nr_args ? dp : NULL;
	ev->has_track_uuid = 1;
	ev->track_uuid = track;
	p.has_timestamp = 1;
	p.timestamp = ts;
	p.data_case = PERFETTO__PROTOS__TRACE_PACKET__DATA_TRACK_EVENT;
	p.track_event = ev;
	return write_packet(pt, &p);
}

static int named_event(struct pftrace *pt, Perfetto__Protos__TrackEvent__Type type,
		       uint64_t track, uint64_t ts, const char *name,
		       const struct pf_arg *args, size_t nr_args)
{
	Perfetto__Protos__TrackEvent ev = PERFETTO__PROTOS__TRACK_EVENT__INIT;

	ev.has_type = 1;
	ev.type = type;
	ev.name = (char *)name;
	return write_event(pt, &ev, track, ts, args, nr_args);
}

int pftrace__slice_begin(struct pftrace *pt, uint64_t track, uint64_t ts, const char *name,
			 const struct pf_arg *args, size_t nr_args)
{
	return named_event(pt, PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_SLICE_BEGIN, track, ts,
			   name, args, nr_args);
}

int pftrace__slice_end(struct pftrace *pt, uint64_t track, uint64_t ts)
{
	return named_event(pt, PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_SLICE_END, track, ts,
			   NULL, NULL, 0);
}

int pftrace__instant(struct pftrace *pt, uint64_t track, uint64_t ts, const char *name,
		     const struct pf_arg *args, size_t nr_args)
{
	return named_event(pt, PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_INSTANT, track, ts,
			   name, args, nr_args);
}

int pftrace__counter(struct pftrace *pt, uint64_t track, uint64_t ts, int64_t value)
{
	Perfetto__Protos__TrackEvent ev = PERFETTO__PROTOS__TRACK_EVENT__INIT;

	ev.has_type = 1;
	ev.type = PERFETTO__PROTOS__TRACK_EVENT__TYPE__TYPE_COUNTER;
	ev.counter_value_field_case = PERFETTO__PROTOS__TRACK_EVENT__COUNTER_VALUE_FIELD_COUNTER_VALUE;
	ev.counter_value = value;
	return write_event(pt, &ev, track, ts, NULL, 0);
}

uint64_t pftrace__bytes(const struct pftrace *pt)
{
	return pt->bytes;
}

uint64_t pftrace__packets(const struct pftrace *pt)
{
	return pt->packets;
}

int pftrace__error(const struct pftrace *pt)
{
	return pt ? pt->err : 0;
}

int pftrace__close(struct pftrace *pt)
{
	int err;

	if (!pt)
		return 0;
	pftrace__flush(pt);
	if (!pt->err && fsync(pt->fd) && errno != EINVAL && errno != EROFS)
		set_error(pt, -errno);
	if (close(pt->fd))
		set_error(pt, -errno);
	err = pt->err;
	free(pt->buf);
	free(pt);
	return err;
}
