"""Webhooks: endpoints a firm registers, events recorded with the change that causes them
(`events`), and a worker that posts them signed (Standard Webhooks), retrying temporary
failures (`worker`)."""
