-- The results' numbers kept as answers arrive (answers never change), so a
-- results page reads a few rows instead of every answer. Per question:
-- 'answered' (answer sets that answered it), 'texts' (its written
-- answers), 'option:ID' and 'scale:N' (answers choosing each).
create table consultation_count (
    question_id bigint not null references consultation_question (id) on delete cascade,
    counted text not null,
    answers bigint not null,
    primary key (question_id, counted)
);
insert into consultation_count (question_id, counted, answers)
    select question_id, 'answered', count(distinct response_id) from consultation_answer group by question_id;
insert into consultation_count (question_id, counted, answers)
    select question_id, 'texts', count(*) from consultation_answer where text_value is not null group by question_id;
insert into consultation_count (question_id, counted, answers)
    select question_id, 'option:' || option_id, count(*) from consultation_answer where option_id is not null group by question_id, option_id;
insert into consultation_count (question_id, counted, answers)
    select question_id, 'scale:' || scale_value, count(*) from consultation_answer where scale_value is not null group by question_id, scale_value;

-- The CSV export reads the answer sets page by page in order, and their
-- answers by answer set (as a consultation's deletion finds them); the
-- staff results page reads each question's newest written answers.
create index consultation_response_in_order on consultation_response (consultation_id, id);
create index consultation_answer_response on consultation_answer (response_id);
create index consultation_answer_newest_text on consultation_answer (question_id, response_id) where text_value is not null;
