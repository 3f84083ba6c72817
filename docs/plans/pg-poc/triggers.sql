-- plpgsql forms of the SQLite triggers (audit append-only; a place counter), checked by triggers.sql in the PoC
drop table if exists t_audit; create table t_audit (id bigint generated always as identity primary key, action text not null);
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin raise exception 'audit_log is append-only' using errcode = 'P0001'; end $$;
create trigger audit_log_no_change before update or delete on t_audit for each statement execute function audit_log_append_only();
insert into t_audit (action) values ('x');
update t_audit set action = 'y';
